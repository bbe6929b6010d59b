#!/usr/bin/env bash
# Search benchmark: a synthetic directory of N meetings on SQLite, the API in Release on loopback,
# wrk against four API scenarios and a bare ASP.NET Core endpoint (the ceiling on this machine).
#
#   build/bench-search.sh [meetings=100000]
#
# Environment: DURATION (wrk run per scenario, default 15s), WARMUP (default 5s), CONNECTIONS (32),
# SCENARIOS (letters of the scenarios to run, default abcdfghijkmn; the ceiling e runs before each of them),
# API_PORT (5180), BARE_PORT (5181), BENCH_DIR (work folder, default a new /tmp/rp-bench.*),
# GENERATOR_ARGS (extra generator options, e.g. "--groups 30000 --venues 30000"),
# ROOT (the source tree to build and measure, default the one holding this script: point it at
# another worktree to measure another commit with this same script).
#
# Searches on a freshly loaded index are not the only state users meet; two options add writes,
# made by build/bench-writer.lua (wrk, one connection: GET a meeting for its ETag, then PATCH its
# description with If-Match, as a platform admin, one edit at a time, each a different meeting):
#   EDITS=N   (default 0) before the scenarios are measured, apply N edits and report how long they
#             took (edits/s, PATCH p50/p99): the search figures are then those of an index that has
#             followed N changes. EDIT_WARMUP=M (default 0) first applies M edits that are not measured,
#             so the figures are those of a write path past its start (JIT tiers, pools, caches), as in a
#             directory edited all day; the index has then followed M + N changes.
#   WRITER=1  (default 0) while each scenario (not its ceiling run) is measured, the writer edits
#             meetings back to back and reports its edits/s and PATCH p50/p99 for that scenario: the
#             search figures are then those of search under a writer. WRITER_PAUSE_MS (default 0)
#             paces it: the writer waits that long before each edit. WRITER_FIELD (default
#             description) is what each edit changes: description (which search answers do not
#             show, so stored answers stand) or name (which they do: the searches that match the
#             renamed meeting are computed again).
#
# Scenarios (a)-(d) send no Accept-Encoding and no validator, as before. The HTTP caching ones:
#   f  (b) with If-None-Match: the ETag (b) answered just before the run: every answer a 304
#   g  (a) with Accept-Encoding: br          h  (a) with Accept-Encoding: gzip
#   i  (d) with If-None-Match: the ETag (d) answered just before the run: every answer a 304
#   j  (c) with Accept-Encoding: br          k  (c) with Accept-Encoding: gzip
# Mixes of searches (build/bench-mix.lua), because one URL repeated flatters any cache:
#   m  300 different searches (postcode districts and points all over, weekdays, windows from now,
#      start times, words) sent round and round, with Accept-Encoding: gzip
#   n  every request a point never asked before, with Accept-Encoding: gzip: no two answers alike
#   o  (m)'s searches with a parameter the API ignores, new each time: no answer from the output cache,
#      so the engine's cost on a realistic mix (words and days included), with Accept-Encoding: gzip
# The published feed (docs/feeds.md):
#   p  the whole directory's Meeting Guide feed, Accept-Encoding: gzip: every answer a 200 from the built feed
#   q  (p) with If-None-Match: the ETag (p) answered just before the run: every answer a 304
#   Before anything else is measured, the time of the first request for it (the feed built from the index)
#   and its size, plain and gzip, are reported.
# For (m) and (n) the table's status, bytes, matches and single-request time are those of one
# representative search (near LS6 on a tuesday), not of the mix.
# (f) and (i) ask again for the ETag right before they are measured; (b) searches at a fixed instant
# ("at"), so its ETag stays while nothing is written (under WRITER=1 most answers are 200s again).
# The table's "status" and "bytes" are those of one request with the scenario's headers (curl).
# Its last column is the API's largest RSS sampled (every 0.5 s) during the measured run.
# Every wait and run is bounded; both servers and the writer are stopped on exit.
set -euo pipefail

MEETINGS=${1:-100000}
DURATION=${DURATION:-15s}
WARMUP=${WARMUP:-5s}
CONNECTIONS=${CONNECTIONS:-32}
SCENARIOS=${SCENARIOS:-abcdfghijkmn}
API_PORT=${API_PORT:-5180}
BARE_PORT=${BARE_PORT:-5181}
EDITS=${EDITS:-0}
EDIT_WARMUP=${EDIT_WARMUP:-0}
WRITER=${WRITER:-0}
WRITER_PAUSE_MS=${WRITER_PAUSE_MS:-0}
WRITER_FIELD=${WRITER_FIELD:-description}
[[ "$WRITER_FIELD" == description || "$WRITER_FIELD" == name ]] || { echo "WRITER_FIELD must be description or name" >&2; exit 2; }
SCRIPT_DIR=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "${ROOT:-$SCRIPT_DIR/..}" && pwd)
WRITER_LUA="$SCRIPT_DIR/bench-writer.lua"
MIX_LUA="$SCRIPT_DIR/bench-mix.lua"
# The districts the synthetic directory places venues in: the mixes search near them.
# From this script's own tree (the data, not the build under test), so an older ROOT with the file elsewhere still works.
DISTRICTS="$SCRIPT_DIR/../src/RecoveryPlatform.SharedKernel/Geography/uk_postcode_districts.csv"
WORK=${BENCH_DIR:-$(mktemp -d /tmp/rp-bench.XXXXXX)}
mkdir -p "$WORK"
API="http://127.0.0.1:$API_PORT"
BARE="http://127.0.0.1:$BARE_PORT"
API_PID=""
BARE_PID=""
SAMPLER_PID=""
WRITER_PID=""
# A platform-admin key for the edits, new each run: the API registers it at start-up
# (RecoveryPlatform:BootstrapAdminKey) when the database has no platform-admin key yet.
BENCH_API_KEY="bench-admin-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export BENCH_API_KEY

log() { printf '[bench %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

stop() {
    local pid=$1
    [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.25; done
    kill -KILL "$pid" 2>/dev/null || true
}

cleanup() {
    stop "$WRITER_PID"
    stop "$SAMPLER_PID"
    stop "$API_PID"
    stop "$BARE_PID"
}
trap cleanup EXIT

# 1. Tools.
if ! command -v wrk >/dev/null || ! command -v sqlite3 >/dev/null || ! command -v curl >/dev/null; then
    log "installing wrk, sqlite3 and curl"
    apt-get update -qq && apt-get install -y -qq wrk sqlite3 curl >/dev/null
fi

# 2. Build (Release).
log "measuring $ROOT at $(git -C "$ROOT" log -1 --format=%h 2>/dev/null || echo '?')"
log "building the API, the generator and the bare endpoint (Release)"
dotnet build "$ROOT/src/RecoveryPlatform.Api" -c Release -v quiet -nologo >"$WORK/build-api.log" 2>&1 || { tail -20 "$WORK/build-api.log"; exit 1; }
dotnet build "$ROOT/build/SyntheticDirectory" -c Release -v quiet -nologo >"$WORK/build-generator.log" 2>&1 || { tail -20 "$WORK/build-generator.log"; exit 1; }
dotnet build "$ROOT/build/BareEndpoint" -c Release -v quiet -nologo >"$WORK/build-bare.log" 2>&1 || { tail -20 "$WORK/build-bare.log"; exit 1; }
API_BIN="$ROOT/src/RecoveryPlatform.Api/bin/Release/net10.0"
GENERATOR="$ROOT/build/SyntheticDirectory/bin/Release/net10.0/SyntheticDirectory.dll"
BARE_BIN="$ROOT/build/BareEndpoint/bin/Release/net10.0"

# Runs the API from its output folder (so appsettings.json is its configuration) on a fresh data folder.
start_api() {
    local logfile=$1
    shift
    (cd "$API_BIN" && exec env "$@" \
        ASPNETCORE_URLS="$API" \
        RecoveryPlatform__DataDirectory="$WORK/data" \
        RecoveryPlatform__SeedDemoData=false \
        RateLimits__AnonymousPerMinute=100000000 \
        RateLimits__PerMinuteByRole__platform-admin=100000000 \
        RecoveryPlatform__BootstrapAdminKey="$BENCH_API_KEY" \
        dotnet RecoveryPlatform.Api.dll) </dev/null >"$logfile" 2>&1 &
    API_PID=$!
}

wait_for() { # url, attempts of 0.5 s
    local url=$1 attempts=$2
    for _ in $(seq 1 "$attempts"); do
        curl -sf --max-time 10 -o /dev/null "$url" && return 0
        kill -0 "$API_PID" 2>/dev/null || { log "the API exited; see its log"; return 1; }
        sleep 0.5
    done
    log "timed out waiting for $url"
    return 1
}

# 3. Schema: start the API once on the empty folder (migrations run at start-up), then stop it.
rm -rf "$WORK/data"
mkdir -p "$WORK/data"
log "migrating a fresh database in $WORK/data"
start_api "$WORK/api-migrate.log"
wait_for "$API/health/ready" 240 || { tail -30 "$WORK/api-migrate.log"; exit 1; }
stop "$API_PID"
API_PID=""

# 4. Synthetic directory.
log "generating $MEETINGS meetings"
dotnet "$GENERATOR" --database "$WORK/data/recoveryplatform.db" --meetings "$MEETINGS" ${GENERATOR_ARGS:-} | tee "$WORK/generator.log" >&2
MEETING_ID=$(sqlite3 "$WORK/data/recoveryplatform.db" "SELECT lower(Id) FROM meetings_Meetings WHERE Attendance = 'InPerson' ORDER BY rowid LIMIT 1 OFFSET 1000;")
# Meetings for the writer, in id order (random Guids, so spread over places, days and names), without
# (d)'s meeting, whose cache entry every edit of it would drop. Each edit takes the next one.
sqlite3 "$WORK/data/recoveryplatform.db" "SELECT lower(Id) FROM meetings_Meetings WHERE Status = 'Active' AND lower(Id) <> '$MEETING_ID' ORDER BY Id LIMIT 20000;" >"$WORK/edit-ids.txt"

# 5. Servers.
log "starting the API (Release) and the bare endpoint"
STARTED=$(date +%s.%N)
start_api "$WORK/api.log"
(cd "$BARE_BIN" && exec env ASPNETCORE_URLS="$BARE" dotnet BareEndpoint.dll) </dev/null >"$WORK/bare.log" 2>&1 &
BARE_PID=$!
wait_for "$API/health/ready" 2400 || { tail -30 "$WORK/api.log"; exit 1; }
# The index loads at start-up; wait until a search sees it (bounded: 10 minutes in all).
INDEX_READY=""
DEADLINE=$((SECONDS + 600))
while ((SECONDS < DEADLINE)); do
    if curl -sf --max-time 60 "$API/api/v1/meetings?q=church&pageSize=1" | grep -q '"items":\[{'; then INDEX_READY=yes; break; fi
    kill -0 "$API_PID" 2>/dev/null || break
    sleep 0.5
done
[[ -n "$INDEX_READY" ]] || { log "the search index never returned items"; grep -v "^ *at " "$WORK/api.log" | tail -30; exit 1; }
READY_SECONDS=$(echo "$(date +%s.%N) - $STARTED" | bc)
RSS_IDLE_KB=$(awk '/VmRSS/ {print $2}' "/proc/$API_PID/status")
for _ in $(seq 1 60); do curl -sf -o /dev/null "$BARE/items" && break; sleep 0.5; done
log "API ready with its index after ${READY_SECONDS}s, RSS ${RSS_IDLE_KB} kB"

# RSS sampler: the largest VmRSS of the API while the runs go on (bounded: 2 hours at 0.5 s).
(max=0; for _ in $(seq 1 14400); do
    rss=$(awk '/VmRSS/ {print $2}' "/proc/$API_PID/status" 2>/dev/null) || break
    [[ -n "$rss" && "$rss" -gt "$max" ]] && { max=$rss; echo "$max" >"$WORK/rss-max-kb"; }
    [[ -n "$rss" ]] && echo "$EPOCHREALTIME $rss" >>"$WORK/rss.log"
    sleep 0.5
done) &
SAMPLER_PID=$!

to_ms() { # wrk latency (850.00us, 1.23ms, 1.02s, 2.00m) to milliseconds
    awk -v v="$1" 'BEGIN {
        n = v + 0; u = v; sub(/^[0-9.]+/, "", u);
        if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000;
        printf "%.2f", n }'
}

# The writer (build/bench-writer.lua): one wrk connection, one edit at a time, one meeting per edit,
# logging each PATCH's status and milliseconds. NEXT_EDIT is the next line of edit-ids.txt to take, so
# successive writer runs edit meetings no earlier run edited (until 20,000 edits wrap round).
NEXT_EDIT=1
start_writer() { # log file, edits (0 = until the duration ends), duration (wrk -d: the bound), pause before each edit (ms)
    : >"$1"
    wrk -t1 -c1 -d"$3" --timeout 10s -s "$WRITER_LUA" "$API" -- "$WORK/edit-ids.txt" "$NEXT_EDIT" "$2" "$1" "${4:-0}" "$WRITER_FIELD" >"$1.wrk" 2>&1 &
    WRITER_PID=$!
}
end_writer() { # log file, stop now (yes) or wait for -d to end
    if [[ "${2:-}" == yes ]]; then stop "$WRITER_PID"; else wait "$WRITER_PID" || true; fi
    WRITER_PID=""
    NEXT_EDIT=$((NEXT_EDIT + $(wc -l <"$1")))
}

declare -A W_EDITS W_RATE W_P50 W_P99 W_MAX W_BAD W_SLOW
writer_stats() { # key, log file: edits, edits/s (first GET sent to last PATCH answered), PATCH percentiles
    local key=$1 file=$2
    read -r W_EDITS[$key] W_RATE[$key] W_BAD[$key] W_SLOW[$key] < <(awk '
        { start = $4 - $3; if (first == "" || start < first) first = start; if ($4 > last) last = $4 }
        $1 != "get" { n++ } $1 != 200 { bad++ } $1 != "get" && $2 >= 4900 { slow++ }
        END { printf "%d %.1f %d %d\n", n, (last > first ? 1000 * n / (last - first) : 0), bad, slow }' "$file")
    # Nearest-rank percentiles of the PATCH times: p99 of 300 edits is the third slowest.
    read -r W_P50[$key] W_P99[$key] W_MAX[$key] < <(awk '$1 != "get" {print $2}' "$file" | sort -n | awk '
        { v[NR] = $1 }
        function rank(p,  i) { i = int(p * NR); if (i < p * NR) i++; return i < 1 ? 1 : i }
        END { if (NR == 0) print "- - -"; else printf "%.1f %.1f %.1f\n", v[rank(0.50)], v[rank(0.99)], v[NR] }')
}

declare -A RPS P50 P99 ERRORS ITEMS SINGLE STATUS BYTES RSS_RUN
declare -A MIX # scenario key -> bench-mix.lua mode, for the scenarios that send a mix instead of their URL
run() { # key, url, then any request headers ("Name: value")
    local key=$1 url=$2
    shift 2
    local headers=("$@") wrk_headers=() curl_headers=() header status wrk_script=() wrk_args=()
    for header in "${headers[@]}"; do wrk_headers+=(-H "$header"); curl_headers+=(-H "$header"); done
    # A mix: wrk sends bench-mix.lua's searches to the API's root; the URL stands for them in the table.
    local wrk_url=$url
    if [[ -n "${MIX[$key]:-}" ]]; then wrk_script=(-s "$MIX_LUA"); wrk_args=(-- "${MIX[$key]}" "$DISTRICTS"); wrk_url=$API; fi
    status=$(curl -s --max-time 60 -o "$WORK/$key.json" -w '%{http_code}' "$url")
    ITEMS[$key]=$(grep -o '"totalItems":[0-9]*' "$WORK/$key.json" | cut -d: -f2 || true)
    [[ "$status" == 200 ]] || log "scenario $key answered $status: $(head -c 300 "$WORK/$key.json")"
    # What this scenario's own request gets: its status and the bytes on the wire (compressed or not).
    read -r STATUS[$key] BYTES[$key] < <(curl -s --max-time 60 -o /dev/null -w '%{http_code} %{size_download}\n' "${curl_headers[@]}" "$url")
    log "scenario $key: warm-up $WARMUP, then $DURATION: $url ${headers[*]}"
    wrk -t1 -c"$CONNECTIONS" -d"$WARMUP" "${wrk_headers[@]}" "${wrk_script[@]}" "$wrk_url" "${wrk_args[@]}" >/dev/null
    sleep 2 # let requests the warm-up left in flight finish
    # With WRITER=1 the writer edits meetings while a scenario (not the ceiling) is measured.
    local writing=""
    [[ "$WRITER" == 1 && "$key" != e* ]] && { writing=yes; start_writer "$WORK/writer-$key.log" 0 "$DURATION" "$WRITER_PAUSE_MS"; }
    # A 10 s timeout so slow responses count in the percentiles instead of as errors.
    local started=$EPOCHREALTIME
    wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --timeout 10s --latency "${wrk_headers[@]}" "${wrk_script[@]}" "$wrk_url" "${wrk_args[@]}" >"$WORK/wrk-$key.txt"
    # The API's largest RSS sampled while this run went on (memory a scenario holds on to shows in the next ones too).
    RSS_RUN[$key]=$(awk -v from="$started" -v to="$EPOCHREALTIME" '$1 >= from && $1 <= to && $2 > max { max = $2 } END { printf "%d", max / 1024 }' "$WORK/rss.log" 2>/dev/null || echo 0)
    [[ -n "$writing" ]] && { end_writer "$WORK/writer-$key.log"; writer_stats "$key" "$WORK/writer-$key.log"; }
    RPS[$key]=$(awk '/^Requests\/sec/ {printf "%.0f", $2}' "$WORK/wrk-$key.txt")
    P50[$key]=$(to_ms "$(awk '$1 == "50%" {print $2}' "$WORK/wrk-$key.txt")")
    P99[$key]=$(to_ms "$(awk '$1 == "99%" {print $2}' "$WORK/wrk-$key.txt")")
    # One request alone on the warm, idle server: the service time without queueing (best of 5).
    SINGLE[$key]=$(for _ in 1 2 3 4 5; do curl -s --max-time 60 -o /dev/null -w '%{time_total}\n' "${curl_headers[@]}" "$url"; done | sort -n | head -1 | awk '{printf "%.1f", $1 * 1000}')
    # wrk counts only 4xx and 5xx as "Non-2xx or 3xx": the 304s of (f) and (i) are not errors.
    ERRORS[$key]=$(awk '/Non-2xx/ {n += $NF} /Socket errors/ {gsub(/,/, ""); n += $4 + $6 + $8 + $10} END {print n + 0}' "$WORK/wrk-$key.txt")
}

etag_of() { # url: the ETag a plain GET answers with (empty when there is none)
    curl -s --max-time 60 -D - -o /dev/null "$1" | awk 'tolower($1) == "etag:" {sub(/\r$/, ""); sub(/^[^:]*: */, ""); print}'
}

declare -A NAME URL
NAME[a]="(a) near Leeds 10 km, tuesday"; URL[a]="$API/api/v1/meetings?lat=53.80&lng=-1.55&radiusKm=10&day=tuesday"
NAME[b]="(b) near Manchester 10 km, starting within 2 h"; URL[b]="$API/api/v1/meetings?lat=53.48&lng=-2.24&radiusKm=10&startingWithin=PT2H&at=2026-12-01T17:30:00Z"
NAME[c]="(c) text q=church"; URL[c]="$API/api/v1/meetings?q=church"
NAME[d]="(d) get by id"; URL[d]="$API/api/v1/meetings/$MEETING_ID"
NAME[e]="(e) ceiling: bare minimal API, 20 items"; URL[e]="$BARE/items"
NAME[f]="(f) = (b) with If-None-Match (304)"; URL[f]="${URL[b]}"
NAME[g]="(g) = (a) with Accept-Encoding: br"; URL[g]="${URL[a]}"
NAME[h]="(h) = (a) with Accept-Encoding: gzip"; URL[h]="${URL[a]}"
NAME[i]="(i) = (d) with If-None-Match (304)"; URL[i]="${URL[d]}"
NAME[j]="(j) = (c) with Accept-Encoding: br"; URL[j]="${URL[c]}"
NAME[k]="(k) = (c) with Accept-Encoding: gzip"; URL[k]="${URL[c]}"
NAME[m]="(m) mix of 300 searches, Accept-Encoding: gzip"; URL[m]="$API/api/v1/meetings?near=LS6&day=tuesday"; MIX[m]=mix
NAME[n]="(n) every search new, Accept-Encoding: gzip"; URL[n]="${URL[m]}"; MIX[n]=unique
NAME[o]="(o) the mix, every answer computed, Accept-Encoding: gzip"; URL[o]="${URL[m]}"; MIX[o]=uncached
NAME[p]="(p) Meeting Guide feed, whole directory, Accept-Encoding: gzip"; URL[p]="$API/api/v1/feeds/meeting-guide.json"
NAME[q]="(q) = (p) with If-None-Match (304)"; URL[q]="${URL[p]}"

# The request headers of each scenario; (f) and (i) take the current ETag right before their run.
headers_of() { # key
    case $1 in
        f) echo "If-None-Match: $(etag_of "${URL[b]}")" ;;
        g | j) echo "Accept-Encoding: br" ;;
        h | k | m | n | o) echo "Accept-Encoding: gzip" ;;
        i) echo "If-None-Match: $(etag_of "${URL[d]}")" ;;
        p) echo "Accept-Encoding: gzip" ;;
        q) echo "If-None-Match: $(etag_of "${URL[p]}")" ;;
    esac
}

KEYS=""
for key in a b c d f g h i j k m n o p q; do [[ "$SCENARIOS" == *"$key"* ]] && KEYS="$KEYS $key"; done

# The feed's first request builds it from the loaded index: timed here, before anything else asks for it.
FEED_FIRST=""
if [[ "$SCENARIOS" == *p* || "$SCENARIOS" == *q* ]]; then
    read -r feed_ms feed_bytes < <(curl -s --max-time 300 -o /dev/null -w '%{time_total} %{size_download}\n' "${URL[p]}" | awk '{printf "%.0f %d\n", $1 * 1000, $2}')
    feed_gzip=$(curl -s --max-time 300 -H 'Accept-Encoding: gzip' -o /dev/null -w '%{size_download}' "${URL[p]}")
    FEED_FIRST="first request for the whole directory's Meeting Guide feed (built then): $feed_ms ms; $feed_bytes bytes plain, $feed_gzip gzip"
    log "$FEED_FIRST"
fi

# The first seconds of load after start-up are slow whatever the request (JIT tiers, GC heaps sizing):
# warm every scenario before measuring any.
log "warming up every scenario for $WARMUP"
for key in $KEYS; do
    header=$(headers_of "$key")
    if [[ -n "$header" ]]; then wrk -t1 -c"$CONNECTIONS" -d"$WARMUP" -H "$header" "${URL[$key]}" >/dev/null; else wrk -t1 -c"$CONNECTIONS" -d"$WARMUP" "${URL[$key]}" >/dev/null; fi
done
# The write path is as cold as the searches were: with a writer to come, warm it the same way.
if [[ "$WRITER" == 1 ]]; then
    log "warming up the writer for $WARMUP"
    start_writer "$WORK/writer-warmup.log" 0 "$WARMUP" "$WRITER_PAUSE_MS"
    end_writer "$WORK/writer-warmup.log"
fi

# EDITS: the index and caches as they are after N changes, applied by the writer before measuring.
if ((EDITS > 0)); then
    if ((EDIT_WARMUP > 0)); then
        log "warming up the write path with $EDIT_WARMUP edits (not measured)"
        start_writer "$WORK/edits-warmup.log" "$EDIT_WARMUP" "$((60 + 2 * EDIT_WARMUP))s"
        while kill -0 "$WRITER_PID" 2>/dev/null && (($(wc -l <"$WORK/edits-warmup.log") < EDIT_WARMUP)); do sleep 0.2; done
        end_writer "$WORK/edits-warmup.log" yes
        sleep 2
    fi
    log "applying $EDITS edits (GET for the ETag, then PATCH with If-Match; one at a time)"
    # The bound: 2 s an edit on average, far above what one takes (tens of ms) yet finite if the
    # API stalls. The writer stops sending after EDITS edits, but wrk only exits when -d ends: watch
    # its log instead, and stop it once every edit is logged.
    # The API's CPU time (user + system, in clock ticks) across the edits: what one edit costs the server.
    cpu_ticks() { awk '{print $14 + $15}' "/proc/$API_PID/stat"; }
    CPU_BEFORE=$(cpu_ticks)
    start_writer "$WORK/edits.log" "$EDITS" "$((60 + 2 * EDITS))s"
    while kill -0 "$WRITER_PID" 2>/dev/null && (($(wc -l <"$WORK/edits.log") < EDITS)); do sleep 0.2; done
    end_writer "$WORK/edits.log" yes
    writer_stats edits "$WORK/edits.log"
    EDIT_CPU_MS=$(awk -v t=$(($(cpu_ticks) - CPU_BEFORE)) -v hz="$(getconf CLK_TCK)" -v n="${W_EDITS[edits]}" 'BEGIN { printf "%.1f", (n > 0 ? 1000 * t / hz / n : 0) }')
    ((W_EDITS[edits] + 0 == EDITS)) || log "only ${W_EDITS[edits]} of $EDITS edits were made in time; see $WORK/edits.log"
    log "edits: ${W_EDITS[edits]} at ${W_RATE[edits]}/s, PATCH p50 ${W_P50[edits]} ms, p99 ${W_P99[edits]} ms, API CPU ${EDIT_CPU_MS} ms an edit"
    sleep 2 # let the API finish whatever the last edit left behind
fi

# This machine's speed drifts by a third from one minute to the next (other tenants), so the ceiling
# is measured right before each scenario and each scenario is compared with its own ceiling run.
CEILINGS=""
for key in $KEYS; do
    run "e$key" "${URL[e]}"
    CEILINGS="$CEILINGS ${RPS[e$key]}"
    header=$(headers_of "$key")
    if [[ -n "$header" ]]; then run "$key" "${URL[$key]}" "$header"; else run "$key" "${URL[$key]}"; fi
done
[[ -n "$KEYS" ]] || { run "ea" "${URL[e]}"; CEILINGS="${RPS[ea]}"; }
RPS[e]=$(echo "$CEILINGS" | awk '{for (i = 1; i <= NF; i++) s += $i; printf "%.0f", s / NF}')

stop "$SAMPLER_PID"
SAMPLER_PID=""
RSS_MAX_KB=$(cat "$WORK/rss-max-kb" 2>/dev/null || echo 0)

{
    echo "### $MEETINGS meetings ${GENERATOR_ARGS:-}, wrk -t1 -c$CONNECTIONS -d$DURATION --timeout 10s (after $WARMUP warm-up), $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ), EDITS=$EDITS$( ((EDIT_WARMUP > 0)) && echo " EDIT_WARMUP=$EDIT_WARMUP") WRITER=$WRITER$([[ "$WRITER" == 1 && "$WRITER_PAUSE_MS" != 0 ]] && echo " WRITER_PAUSE_MS=$WRITER_PAUSE_MS")$([[ "$WRITER_FIELD" != description ]] && echo " WRITER_FIELD=$WRITER_FIELD"), $(git -C "$ROOT" log -1 --format='%h' 2>/dev/null || echo '?') ($ROOT)"
    echo
    echo "| scenario | requests/s | p50 ms | p99 ms | ceiling run just before, requests/s | % of that ceiling | % of mean ceiling | errors | matches | status | bytes | one request alone (curl, best of 5) ms | API RSS max during the run, MB |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    for key in $KEYS; do
        pct=$(awk -v r="${RPS[$key]}" -v c="${RPS[e$key]}" 'BEGIN {printf "%.1f", (c > 0 ? 100 * r / c : 0)}')
        mean_pct=$(awk -v r="${RPS[$key]}" -v c="${RPS[e]}" 'BEGIN {printf "%.1f", (c > 0 ? 100 * r / c : 0)}')
        echo "| ${NAME[$key]} | ${RPS[$key]} | ${P50[$key]} | ${P99[$key]} | ${RPS[e$key]} | $pct% | $mean_pct% | ${ERRORS[$key]} | ${ITEMS[$key]:--} | ${STATUS[$key]} | ${BYTES[$key]} | ${SINGLE[$key]} | ${RSS_RUN[$key]} |"
    done
    echo
    echo "${NAME[e]}: ${RPS[e]} requests/s on average over its runs (${CEILINGS# })."
    echo
    echo "API RSS: $((RSS_IDLE_KB / 1024)) MB idle with the index loaded, $((RSS_MAX_KB / 1024)) MB max sampled under load; start-up to index ready ${READY_SECONDS}s."
    [[ -n "$FEED_FIRST" ]] && { echo; echo "The $FEED_FIRST."; }
    if ((EDITS > 0)); then
        echo
        echo "Before measuring, $( ((EDIT_WARMUP > 0)) && echo "$EDIT_WARMUP edits not measured (warming the write path), then ")$EDITS edits (each a different meeting; GET for the ETag, then PATCH with If-Match, one at a time on one connection): ${W_EDITS[edits]} made at ${W_RATE[edits]} edits/s; PATCH p50 ${W_P50[edits]} ms, p99 ${W_P99[edits]} ms, max ${W_MAX[edits]} ms; ${W_BAD[edits]} not 200; ${W_SLOW[edits]} PATCHes took 4.9 s or more; the API spent ${EDIT_CPU_MS} ms of CPU an edit (user and system, with the index catching up and any compaction)."
    fi
    if [[ "$WRITER" == 1 ]]; then
        echo
        echo "The writer while each scenario was measured (one connection, one edit at a time: GET for the ETag, then PATCH with If-Match; $([[ "$WRITER_PAUSE_MS" != 0 ]] && echo "a pause of $WRITER_PAUSE_MS ms before each edit" || echo "back to back"); not running during the ceiling runs):"
        echo
        echo "| scenario measured meanwhile | edits | edits/s | PATCH p50 ms | PATCH p99 ms | PATCH max ms | not 200 | PATCH ≥ 4.9 s |"
        echo "|---|---:|---:|---:|---:|---:|---:|---:|"
        for key in $KEYS; do
            echo "| ${NAME[$key]} | ${W_EDITS[$key]} | ${W_RATE[$key]} | ${W_P50[$key]} | ${W_P99[$key]} | ${W_MAX[$key]} | ${W_BAD[$key]} | ${W_SLOW[$key]} |"
        done
    fi
    if ((EDITS > 0)) || [[ "$WRITER" == 1 ]]; then
        echo
        # The new write path logs this when a write's response stopped waiting for this instance's read models.
        echo "API log: $(grep -c 'committed but not yet applied' "$WORK/api.log" || true) \"committed but not yet applied here\" warnings; $(grep -c '"LogLevel":"Warning"' "$WORK/api.log" || true) warnings and $(grep -c '"LogLevel":"\(Error\|Critical\)"' "$WORK/api.log" || true) errors in all."
    fi
} | tee "$WORK/results.md"

log "raw wrk output, logs and results.md are in $WORK"
