#!/usr/bin/env bash
# Load harness (issue #17): DURATION seconds of mixed traffic at CONNECTIONS connections against the API in Release on
# a synthetic directory of N meetings (SQLite, the embedded default), with three checks:
#   - zero errors: no transport failure, no timeout, no status other than 2xx and 304, whatever the request;
#   - p99 reported per kind of traffic (and per request within each kind);
#   - the API's memory (VmRSS, sampled every second) grows less than RSS_GROWTH_LIMIT % (10) from second 10 to
#     second 60 of the measured run (to its last second when DURATION is not 60).
#
#   build/load.sh [meetings=100000]
#
# The traffic (build/LoadMix, a small .NET load generator, because wrk reports one latency distribution for
# everything it sends): CONNECTIONS workers, each sending one request after another on its own connection, each
# request's kind drawn by WEIGHTS (searches, feeds and reads, writes and referrals; 80,15,5):
#   searches        GET /api/v1/meetings: a fixed set of 300 (as build/bench-mix.lua's mix: near a postcode district
#                   or a point, radiusKm, day, startingWithin, startsAfter, includeOnline, q words), drawn at random so
#                   users repeat each other's within a minute, and NEW_SEARCHES (0.25) of them never asked before;
#   feeds and reads GET a meeting, venue or group by id, a meeting's or group's calendar.ics, the change feed (each
#                   worker reads it page by page from the start, then polls from where it got to), an organisation's
#                   Meeting Guide feed or CSV, the whole directory's Meeting Guide feed; the feeds with If-None-Match
#                   (the ETag last answered), as mirrors revalidate. READS sets their weights (LoadMix's --reads;
#                   default meeting=30,venue=12,group=12,meeting-ics=10,group-ics=10,changes=16,org-feed=4,org-csv=4,feed=2);
#   writes          an edit (GET a meeting with the platform-admin key for its ETag, then PATCH its description as a
#                   JSON Merge Patch with If-Match; each worker edits only meetings of its own, so no 412 comes from two
#                   workers racing) or a referral (POST /api/v1/referrals from a treatment service's referrer key to a
#                   fellowship accepting referrals nationwide, both created at the start, each with its own
#                   Idempotency-Key). WRITES sets their weights (default edit=70,referral=30).
# Every answer is read to its last byte, inflated (the client sends Accept-Encoding: gzip, deflate, br).
# The API starts cold (JIT tiers, its bounded caches empty, its heap not yet sized): with WARMUP=0, as the issue
# measures, the first minute's latencies and memory include that; WARMUP=120 measures an instance past it.
#
# Environment: DURATION (seconds, 60), WARMUP (seconds of the same mix before the measured run, not measured; 0),
# CONNECTIONS (32), WEIGHTS (80,15,5), READS, WRITES, NEW_SEARCHES (0.25), TIMEOUT (seconds a request may take before
# it counts as an error, 60), RSS_GROWTH_LIMIT (10, per cent), API_PORT (5184), ROOT (the source tree whose API is
# measured, default the one holding this script; LoadMix is always built from this script's tree), BENCH_DIR (work
# folder, default a new /tmp/rp-load.*; a directory of the same size generated there before is reused: it is kept
# in $BENCH_DIR/directory and copied afresh for every run, so every run starts from the same data),
# GENERATOR_ARGS (extra SyntheticDirectory options), API_ENV (NAME=value words added to the measured API's environment,
# e.g. API_ENV="DOTNET_gcServer=0" to try a runtime setting).
# Needs the .NET 10 SDK, curl and sqlite3 (installed with apt-get when missing).
# Output: the table of LoadMix (requests, share, req/s, errors, 304s, p50/p90/p99/max per kind and per request), the
# first errors, the RSS figures, the CPU the API and LoadMix used, the API log's warnings and errors, then one PASS or
# FAIL line per check; all of it also in $BENCH_DIR/results.md, with the samples (rss.log: epoch, VmRSS kB, CPU
# ticks), LoadMix's per-second counts (timeline.txt: second, answered, errors) and the API's log (api.log).
# Exit 0 = every check passed; 1 = some failed; 2 = the harness could not run.
set -euo pipefail

case "${1:-}" in -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;; esac
MEETINGS=${1:-100000}
DURATION=${DURATION:-60}
DURATION=${DURATION%s}
WARMUP=${WARMUP:-0}
WARMUP=${WARMUP%s}
CONNECTIONS=${CONNECTIONS:-32}
WEIGHTS=${WEIGHTS:-80,15,5}
NEW_SEARCHES=${NEW_SEARCHES:-0.25}
TIMEOUT=${TIMEOUT:-60}
RSS_GROWTH_LIMIT=${RSS_GROWTH_LIMIT:-10}
API_PORT=${API_PORT:-5184}
SCRIPT_DIR=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "${ROOT:-$SCRIPT_DIR/..}" && pwd)
WORK=${BENCH_DIR:-$(mktemp -d /tmp/rp-load.XXXXXX)}
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
API="http://127.0.0.1:$API_PORT"
API_PID=""
SAMPLER_PID=""
# Memory is compared between these seconds of the measured run.
RSS_FROM=10
RSS_TO=$((DURATION < 60 ? DURATION : 60))
[[ "$MEETINGS" =~ ^[0-9]+$ && "$DURATION" =~ ^[0-9]+$ && "$WARMUP" =~ ^[0-9]+$ && "$CONNECTIONS" =~ ^[0-9]+$ ]] \
    || { echo "meetings, DURATION, WARMUP and CONNECTIONS are whole numbers (seconds for the durations)" >&2; exit 2; }
((DURATION > RSS_FROM)) || { echo "DURATION must be over $RSS_FROM s: memory is compared from second $RSS_FROM" >&2; exit 2; }
# A platform-admin key, new each run: the API registers it at start-up (RecoveryPlatform:BootstrapAdminKey), the
# database (copied afresh) having none yet. LoadMix reads it from the environment, not its command line.
ADMIN_KEY="load-admin-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"

log() { printf '[load %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

stop() {
    local pid=$1
    [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.25; done
    kill -KILL "$pid" 2>/dev/null || true
}

cleanup() {
    stop "$SAMPLER_PID"
    stop "$API_PID"
}
trap cleanup EXIT

# 1. Tools.
if ! command -v sqlite3 >/dev/null || ! command -v curl >/dev/null; then
    log "installing sqlite3 and curl"
    { apt-get update -qq && apt-get install -y -qq sqlite3 curl >/dev/null; } || { log "could not install sqlite3 and curl"; exit 2; }
fi
if curl -s -o /dev/null --max-time 2 "$API/health/live"; then log "something already answers on $API: set API_PORT"; exit 2; fi

# 2. Builds: the API published as shipped (Release, linux-x64, ReadyToRun: README), the generator, the load generator.
log "measuring $ROOT at $(git -C "$ROOT" log -1 --format=%h 2>/dev/null || echo '?')"
log "publishing the API (Release) and building the generators"
dotnet publish "$ROOT/src/RecoveryPlatform.Api" -c Release -r linux-x64 --self-contained false -o "$WORK/publish" -v quiet -nologo \
    >"$WORK/publish.log" 2>&1 || { tail -20 "$WORK/publish.log"; exit 2; }
dotnet build "$ROOT/build/SyntheticDirectory" -c Release -v quiet -nologo >"$WORK/build-generator.log" 2>&1 || { tail -20 "$WORK/build-generator.log"; exit 2; }
dotnet build "$SCRIPT_DIR/LoadMix" -c Release -v quiet -nologo >"$WORK/build-loadmix.log" 2>&1 || { tail -20 "$WORK/build-loadmix.log"; exit 2; }
GENERATOR="$ROOT/build/SyntheticDirectory/bin/Release/net10.0/SyntheticDirectory.dll"
LOADMIX="$SCRIPT_DIR/LoadMix/bin/Release/net10.0/LoadMix.dll"

# Runs the published API from its folder (so appsettings.json is its configuration) on a data folder, rate limits
# raised out of the way: the harness measures the API's work, not its refusals.
start_api() { # data folder, log file, then any extra VAR=value
    local data=$1 logfile=$2
    shift 2
    (cd "$WORK/publish" && exec env "$@" \
        ASPNETCORE_URLS="$API" \
        RecoveryPlatform__DataDirectory="$data" \
        RecoveryPlatform__SeedDemoData=false \
        RateLimits__AnonymousPerMinute=100000000 \
        RateLimits__DefaultPerMinute=100000000 \
        RateLimits__PerMinuteByRole__platform-admin=100000000 \
        RateLimits__PerMinuteByRole__referrer=100000000 \
        RecoveryPlatform__Referrals__SubmissionsPerMinute=100000000 \
        dotnet RecoveryPlatform.Api.dll) </dev/null >"$logfile" 2>&1 &
    API_PID=$!
}

wait_ready() { # log file, seconds at most
    local deadline=$((SECONDS + $2))
    while ((SECONDS < deadline)); do
        curl -sf --max-time 5 -o /dev/null "$API/health/ready" && return 0
        kill -0 "$API_PID" 2>/dev/null || { tail -30 "$1" >&2; log "the API exited; see $1"; return 1; }
        sleep 0.5
    done
    tail -30 "$1" >&2
    log "timed out waiting for $API/health/ready"
    return 1
}

# 3. The directory: migrated by a first start (no admin key, so each run's copy registers its own), then generated;
# kept in $WORK/directory for the next run with this BENCH_DIR.
if [[ "$(cat "$WORK/directory/meetings.txt" 2>/dev/null)" != "$MEETINGS" ]]; then
    rm -rf "$WORK/directory"
    mkdir -p "$WORK/directory"
    log "migrating a fresh database in $WORK/directory"
    start_api "$WORK/directory" "$WORK/api-migrate.log"
    wait_ready "$WORK/api-migrate.log" 240 || exit 2
    stop "$API_PID"
    API_PID=""
    log "generating $MEETINGS meetings"
    # shellcheck disable=SC2086 # GENERATOR_ARGS is a list of options
    dotnet "$GENERATOR" --database "$WORK/directory/recoveryplatform.db" --meetings "$MEETINGS" ${GENERATOR_ARGS:-} \
        | tee "$WORK/generator.log" >&2 || { log "the generator failed"; exit 2; }
    echo "$MEETINGS" >"$WORK/directory/meetings.txt"
else
    log "reusing the $MEETINGS-meeting directory in $WORK/directory"
fi
rm -rf "$WORK/data"
cp -a "$WORK/directory" "$WORK/data"
DB="$WORK/data/recoveryplatform.db"

# 4. The ids LoadMix uses (in id order: random Guids, so spread over places, days, organisations). Meetings to read
# and meetings to edit are apart, so reads of a meeting do not all meet edits of it.
mkdir -p "$WORK/ids"
READ_MEETINGS=$(sqlite3 "$DB" "SELECT min(5000, count(*) / 2) FROM meetings_Meetings WHERE Status = 'Active';")
sqlite3 "$DB" "SELECT lower(Id) FROM meetings_Meetings WHERE Status = 'Active' ORDER BY Id LIMIT $READ_MEETINGS;" >"$WORK/ids/meetings.txt"
sqlite3 "$DB" "SELECT lower(Id) FROM meetings_Meetings WHERE Status = 'Active' ORDER BY Id LIMIT 20000 OFFSET $READ_MEETINGS;" >"$WORK/ids/edit-meetings.txt"
sqlite3 "$DB" "SELECT lower(Id) FROM venues_Venues WHERE ArchivedAt IS NULL ORDER BY Id LIMIT 5000;" >"$WORK/ids/venues.txt"
sqlite3 "$DB" "SELECT lower(Id) FROM groups_Groups WHERE Status = 'Active' ORDER BY Id LIMIT 5000;" >"$WORK/ids/groups.txt"
sqlite3 "$DB" "SELECT Slug FROM organisations_Organisations WHERE Status = 'Active' AND Id IN (SELECT DISTINCT OrganisationId FROM meetings_Meetings) ORDER BY Slug;" >"$WORK/ids/organisations.txt"
for f in meetings edit-meetings venues groups organisations; do
    [[ -s "$WORK/ids/$f.txt" ]] || { log "no $f in $DB"; exit 2; }
done

# 5. The API, then its search index (it loads at start-up; bounded: 10 minutes).
log "starting the API (Release) on $WORK/data"
STARTED=$(date +%s.%N)
# shellcheck disable=SC2086 # API_ENV is a list of NAME=value words
start_api "$WORK/data" "$WORK/api.log" RecoveryPlatform__BootstrapAdminKey="$ADMIN_KEY" ${API_ENV:-}
wait_ready "$WORK/api.log" 600 || exit 2
INDEX_READY=""
DEADLINE=$((SECONDS + 600))
while ((SECONDS < DEADLINE)); do
    if curl -sf --max-time 60 "$API/api/v1/meetings?q=church&pageSize=1" | grep -q '"items":\[{'; then INDEX_READY=yes; break; fi
    kill -0 "$API_PID" 2>/dev/null || break
    sleep 0.5
done
[[ -n "$INDEX_READY" ]] || { log "the search index never returned items"; grep -v "^ *at " "$WORK/api.log" | tail -30; exit 2; }
READY_SECONDS=$(awk -v from="$STARTED" -v to="$(date +%s.%N)" 'BEGIN { printf "%.1f", to - from }')
RSS_IDLE_KB=$(awk '/VmRSS/ {print $2}' "/proc/$API_PID/status")
log "API ready with its index after ${READY_SECONDS}s, RSS $((RSS_IDLE_KB / 1024)) MB"

# 6. The sampler: every second, "<epoch> <VmRSS kB> <CPU time used so far, clock ticks>", while the API runs (bounded).
(for _ in $(seq 1 $((WARMUP + DURATION + TIMEOUT + 600))); do
    rss=$(awk '/VmRSS/ {print $2}' "/proc/$API_PID/status" 2>/dev/null) || break
    ticks=$(awk '{print $14 + $15}' "/proc/$API_PID/stat" 2>/dev/null) || break
    [[ -n "$rss" ]] || break
    echo "$EPOCHREALTIME $rss $ticks"
    sleep 1
done) >"$WORK/rss.log" &
SAMPLER_PID=$!

# 7. The load (bounded: the warm-up, the run, the timeout of the last requests, and five minutes).
log "load: $( ((WARMUP > 0)) && echo "${WARMUP}s warm-up, then ")${DURATION}s measured, $CONNECTIONS connections, weights $WEIGHTS"
LOADMIX_ARGS=(--api "$API" --ids "$WORK/ids" --duration "$DURATION" --warmup "$WARMUP" --connections "$CONNECTIONS" --weights "$WEIGHTS"
    --new-searches "$NEW_SEARCHES" --timeout "$TIMEOUT" --summary "$WORK/summary.txt" --timeline "$WORK/timeline.txt")
[[ -n "${READS:-}" ]] && LOADMIX_ARGS+=(--reads "$READS")
[[ -n "${WRITES:-}" ]] && LOADMIX_ARGS+=(--writes "$WRITES")
rm -f "$WORK/summary.txt"
LOADMIX_STATUS=0
LOADMIX_ADMIN_KEY="$ADMIN_KEY" timeout $((WARMUP + DURATION + TIMEOUT + 300)) dotnet "$LOADMIX" "${LOADMIX_ARGS[@]}" >"$WORK/loadmix.md" || LOADMIX_STATUS=$?
API_ALIVE=yes
kill -0 "$API_PID" 2>/dev/null || API_ALIVE=no
stop "$SAMPLER_PID"
SAMPLER_PID=""
[[ -s "$WORK/summary.txt" ]] || { cat "$WORK/loadmix.md"; log "LoadMix gave no results (exit $LOADMIX_STATUS)"; exit 2; }
summary() { awk -F= -v k="$1" '$1 == k { print $2 }' "$WORK/summary.txt"; }
START_EPOCH=$(summary start_epoch)
REQUESTS=$(summary requests)
ERRORS=$(summary errors)

# 8. Memory: the samples nearest to seconds RSS_FROM and RSS_TO of the measured run, and the largest during it.
rss_at() { # second of the run -> kB of the nearest sample
    awk -v t="$(awk -v s="$START_EPOCH" -v o="$1" 'BEGIN { printf "%.3f", s + o }')" '
        { d = $1 - t; if (d < 0) d = -d; if (best == "" || d < best) { best = d; rss = $2 } } END { print rss + 0 }' "$WORK/rss.log"
}
RSS_A=$(rss_at "$RSS_FROM")
RSS_B=$(rss_at "$RSS_TO")
RSS_MAX=$(awk -v s="$START_EPOCH" -v e="$(summary end_epoch)" '$1 >= s && $1 <= e + 1 && $2 > m { m = $2 } END { print m + 0 }' "$WORK/rss.log")
# The API's CPU over the run: ticks between the samples nearest its start and end.
API_CPU=$(awk -v s="$START_EPOCH" -v e="$(summary end_epoch)" -v hz="$(getconf CLK_TCK)" '
    { ds = $1 - s; if (ds < 0) ds = -ds; if (bs == "" || ds < bs) { bs = ds; ts = $3; xs = $1 }
      de = $1 - e; if (de < 0) de = -de; if (be == "" || de < be) { be = de; te = $3; xe = $1 } }
    END { printf "%.1f s of CPU (%.2f cores)", (te - ts) / hz, (xe > xs ? (te - ts) / hz / (xe - xs) : 0) }' "$WORK/rss.log")
GROWTH=$(awk -v a="$RSS_A" -v b="$RSS_B" 'BEGIN { printf "%.1f", (a > 0 ? 100 * (b - a) / a : 0) }')
mb() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }

# 9. Report.
FAILED=0
CHECKS=""
check() { # description, condition (0 = pass)
    if [[ "$2" == 0 ]]; then CHECKS+="PASS  $1"$'\n'; else CHECKS+="FAIL  $1"$'\n'; FAILED=$((FAILED + 1)); fi
}
check "zero errors: $ERRORS of $REQUESTS requests failed" "$([[ "$ERRORS" == 0 ]] && echo 0 || echo 1)"
check "memory: RSS grew $GROWTH % from second $RSS_FROM ($(mb "$RSS_A") MB) to second $RSS_TO ($(mb "$RSS_B") MB), limit $RSS_GROWTH_LIMIT %" \
    "$(awk -v g="$GROWTH" -v l="$RSS_GROWTH_LIMIT" 'BEGIN { print (g < l ? 0 : 1) }')"
check "the API ran to the end" "$([[ "$API_ALIVE" == yes ]] && echo 0 || echo 1)"
WARNINGS=$(grep -c '"LogLevel":"Warning"' "$WORK/api.log" || true)
LOG_ERRORS=$(grep -c '"LogLevel":"\(Error\|Critical\)"' "$WORK/api.log" || true)
{
    echo "### Load: $MEETINGS meetings${GENERATOR_ARGS:+ ($GENERATOR_ARGS)}, ${DURATION} s at $CONNECTIONS connections$( ((WARMUP > 0)) && echo " after ${WARMUP} s warm-up"), weights $WEIGHTS, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ), $(git -C "$ROOT" log -1 --format='%h' 2>/dev/null || echo '?') ($ROOT)"
    echo
    cat "$WORK/loadmix.md"
    echo "API RSS: $(mb "$RSS_IDLE_KB") MB idle with the index loaded (ready ${READY_SECONDS} s after launch); $(mb "$RSS_A") MB at second $RSS_FROM, $(mb "$RSS_B") MB at second $RSS_TO ($GROWTH %); $(mb "$RSS_MAX") MB at most during the run."
    echo
    echo "API CPU during the run: $API_CPU; LoadMix: $(summary client_cpu_s) s."
    echo
    echo "API log: $WARNINGS warnings, $LOG_ERRORS errors."
    if ((WARNINGS + LOG_ERRORS > 0)); then
        # The distinct messages, most frequent first (the JSON console formatter's "Message" field).
        grep '"LogLevel":"\(Warning\|Error\|Critical\)"' "$WORK/api.log" \
            | awk '{ if (match($0, /"Message":"[^"]*"/)) print substr(substr($0, RSTART + 11, RLENGTH - 12), 1, 200) }' \
            | sed 's/[0-9a-f]\{8\}-[0-9a-f-]\{27\}/<id>/g; s/[0-9]\+/N/g' | sort | uniq -c | sort -rn | head -10 | sed 's/^/    /'
    fi
    if [[ "$API_ALIVE" != yes ]]; then
        echo
        echo "The API exited during the run; the end of its log:"
        tail -5 "$WORK/api.log" | cut -c1-400 | sed 's/^/    /'
    fi
    echo
    printf '%s' "$CHECKS"
    echo "load: $((3 - FAILED)) of 3 checks passed (work folder $WORK)"
} | tee "$WORK/results.md"
((FAILED == 0)) || exit 1
exit 0
