-- The writer of build/bench-search.sh: edits meetings one at a time, back to back, on one
-- connection, each edit as a client makes it: GET the meeting for its ETag, then PATCH its
-- description (or, with the field "name", its name) with that ETag in If-Match (JSON Merge
-- Patch), as a platform admin. Search answers do not show descriptions, so only renames change
-- the answers of the searches that match the meeting.
--
--   BENCH_API_KEY=<key> wrk -t1 -c1 -d<at most> --timeout 10s -s build/bench-writer.lua <api> -- \
--       <ids file> <first line> <edits, 0 = until -d ends> <log file> [<pause before each edit, ms>] [description|name]
--
-- Meetings come from <ids file> (one id a line) from line <first line> on, one meeting per edit
-- (wrapping round at the end), so edits spread over many meetings as a directory's editors' do.
-- One line per edit goes to <log file>: "<PATCH status> <ms from sending the PATCH to its response>
-- <ms from sending the GET to the PATCH's response> <monotonic clock at the end, ms>", or
-- "get <status> 0 0 <clock>" when the GET failed (that meeting is skipped). wrk's own latency
-- figures mix GETs and PATCHes, hence the log. Requires wrk built with LuaJIT (Debian's is), for
-- a monotonic clock through the FFI.
--
-- With a number of edits, the thread stops sending after that many, but wrk itself only exits when
-- -d ends: the caller watches the log and stops wrk (bench-search.sh does). A pause paces the
-- writer (wrk waits that long before each GET) to a rate editors might reach, instead of flat out.
local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clock_id, bench_timespec *tp);
]]
local CLOCK_MONOTONIC = 1
local now = ffi.new("bench_timespec")
local function now_ms()
    ffi.C.clock_gettime(CLOCK_MONOTONIC, now)
    return tonumber(now.tv_sec) * 1000 + tonumber(now.tv_nsec) / 1e6
end

local ids, next_index, edits_wanted, edits_done, log, pause, field = {}, 1, 0, 0, nil, 0, "description"
local key = os.getenv("BENCH_API_KEY") or ""
local phase, etag, get_started, patch_started = "get", nil, 0, 0

function init(args)
    for line in io.lines(args[1]) do
        if #line > 0 then ids[#ids + 1] = line end
    end
    assert(#ids > 0, "no meeting ids in " .. args[1])
    next_index = ((tonumber(args[2]) or 1) - 1) % #ids + 1
    edits_wanted = tonumber(args[3]) or 0
    log = assert(io.open(args[4], "a"))
    log:setvbuf("line") -- each edit reaches the file as it happens, whenever wrk stops
    pause = tonumber(args[5]) or 0
    field = args[6] or "description"
end

function delay()
    return phase == "get" and pause or 0
end

local function path()
    return "/api/v1/meetings/" .. ids[next_index]
end

local function finished_one(line)
    log:write(line, "\n")
    next_index = next_index % #ids + 1
    edits_done = edits_done + 1
    phase = "get"
    if edits_wanted > 0 and edits_done >= edits_wanted then
        wrk.thread:stop()
    end
end

function request()
    if phase == "get" then
        get_started = now_ms()
        return wrk.format("GET", path(), { ["X-Api-Key"] = key })
    end
    patch_started = now_ms()
    local body = field == "name"
        and string.format('{"name":"Edited by the benchmark writer %d"}', edits_done + 1)
        or string.format('{"description":"Edited by the benchmark writer (edit %d, %.0f ms)."}', edits_done + 1, patch_started)
    return wrk.format("PATCH", path(), {
        ["X-Api-Key"] = key,
        ["If-Match"] = etag,
        ["Content-Type"] = "application/merge-patch+json",
    }, body)
end

function response(status, headers, body)
    if phase == "get" then
        etag = headers["ETag"] or headers["etag"]
        if status == 200 and etag then
            phase = "patch"
        else
            finished_one(string.format("get %d 0 0 %.2f", status, now_ms()))
        end
    else
        local done = now_ms()
        finished_one(string.format("%d %.2f %.2f %.2f", status, done - patch_started, done - get_started, done))
    end
end
