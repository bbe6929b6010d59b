-- The search mixes of build/bench-search.sh: many different searches instead of one URL repeated,
-- which would flatter any cache (of answers, of compressed bytes, of index lookups).
--
--   wrk -t1 -c32 -d15s -H 'Accept-Encoding: gzip' -s build/bench-mix.lua <api> -- mix <districts csv> [size=300]
--   wrk -t1 -c32 -d15s -H 'Accept-Encoding: gzip' -s build/bench-mix.lua <api> -- uncached <districts csv> [size=300] [run tag]
--   wrk -t1 -c32 -d15s -H 'Accept-Encoding: gzip' -s build/bench-mix.lua <api> -- unique <districts csv>
--
-- mix:    <size> searches built from the postcode districts file (outcode,latitude,longitude, as the
--         synthetic directory places venues by it), sent round and round in a fixed shuffled order:
--         near a district (by outcode, or by its point, 3 to 15 km), on a weekday or none, some
--         starting within a window from now, some after a local time, a few by words. As a
--         directory's users might repeat each other's searches within a minute.
-- uncached: the mix's searches, each sent with a parameter the API ignores and a new value every time
--         (&uncached=<n>), so no answer comes from the output cache: what the engine costs on the mix.
-- unique: every request a point never asked before (a district's point moved by a random few
--         hundred metres), 5 or 10 km, on a weekday: no two answers alike, the worst case for a cache.
-- Request headers (-H) apply to every request. Requires wrk built with LuaJIT (Debian's is).
local paths, mode, districts, next_path, seq, run_tag = {}, "mix", {}, 1, 0, ""
local days = { "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday" }
local words = { "church", "hall", "hope", "step", "serenity", "library", "speaker", "centre" }

function init(args)
    mode = args[1] or "mix"
    -- uncached: a tag that makes this run's values differ from another run's (build/bench-coldstart.sh runs wrk
    -- once a second, and each run would otherwise send the values the one before it made stored answers of).
    run_tag = args[4] and (args[4] .. "-") or ""
    local first = true
    for line in io.lines(args[2]) do
        if first then
            first = false -- the header line
        elseif #line > 0 then
            local outcode, lat, lng = line:match("^([^,]+),([^,]+),([^,]+)")
            if outcode then districts[#districts + 1] = { outcode, tonumber(lat), tonumber(lng) } end
        end
    end
    assert(#districts > 0, "no districts in " .. tostring(args[2]))

    -- A fixed seed: every run, and both sides of a comparison, send the same searches in the same order.
    math.randomseed(20261130)
    if mode == "mix" or mode == "uncached" then
        local size = tonumber(args[3]) or 300
        for i = 1, size do
            local d = districts[math.random(#districts)]
            local day = days[math.random(#days)]
            local kind = i % 6
            local path
            if kind == 0 then
                path = string.format("/api/v1/meetings?near=%s&day=%s", d[1], day)
            elseif kind == 1 then
                path = string.format("/api/v1/meetings?lat=%.2f&lng=%.2f&radiusKm=%d&day=%s", d[2], d[3], 3 + 3 * math.random(0, 4), day)
            elseif kind == 2 then
                path = string.format("/api/v1/meetings?near=%s&startingWithin=PT%dH", d[1], math.random(1, 4))
            elseif kind == 3 then
                path = string.format("/api/v1/meetings?lat=%.2f&lng=%.2f&radiusKm=10&startsAfter=%02d:00", d[2], d[3], math.random(17, 20))
            elseif kind == 4 then
                path = string.format("/api/v1/meetings?near=%s&radiusKm=15&includeOnline=true", d[1])
            else
                path = string.format("/api/v1/meetings?q=%s&day=%s", words[math.random(#words)], day)
            end
            paths[i] = path
        end
        -- Shuffled, so that neighbouring requests ask different things.
        for i = #paths, 2, -1 do
            local j = math.random(i)
            paths[i], paths[j] = paths[j], paths[i]
        end
    end
end

function request()
    local path
    if mode == "unique" then
        seq = seq + 1
        local d = districts[math.random(#districts)]
        -- A different point each time (about 100 m steps, and a sequence number in the last digits).
        path = string.format("/api/v1/meetings?lat=%.6f&lng=%.6f&radiusKm=%d&day=%s",
            d[2] + (math.random() - 0.5) * 0.01 + seq * 1e-6, d[3] + (math.random() - 0.5) * 0.01,
            5 * math.random(1, 2), days[math.random(#days)])
    else
        path = paths[next_path]
        next_path = next_path % #paths + 1
        if mode == "uncached" then
            seq = seq + 1
            path = path .. "&uncached=" .. run_tag .. seq
        end
    end
    return wrk.format("GET", path)
end
