#!/usr/bin/env bash
# Import benchmark: a Meeting Guide feed of N meetings (build/bench-import-feed.py: venues at real UK postcode
# districts, groups, in-person, online and hybrid meetings) imported into an empty fellowship on the embedded
# default (SQLite), the API in Release on loopback. Reports, for the import:
#   - end to end: from the POST to the job's "succeeded" (which this instance reports only once its search
#     index has applied the import's commit), and the runner's own time from the API's log;
#   - the API's largest RSS, sampled every 0.25 s from before the POST to the end;
#   - the CPU time the API process used for it (user + system, all threads): on a busy machine the wall-clock figures
#     stretch with everything else running, while this one barely moves, so compare it between runs;
#   - the import thread's time on a CPU and its time ready to run but waiting for one, from the kernel's per-thread
#     scheduler figures (/proc/<pid>/task/*/schedstat), and the same summed over the API's threads: the waiting is
#     the other work on the machine (and the API's own other threads) holding both CPUs;
#   - searches while it runs: one client searching near a postcode district back to back, with each answer's
#     status and time (p50, p99, max, and any that was not a 200);
#   - a second import of the same file (every meeting unchanged), end to end.
#
#   build/bench-import.sh [meetings=100000]
#
# Environment: API_PORT (5190), BENCH_DIR (work folder, default a new /tmp/rp-bench-import.*), ROOT (the source
# tree to build and measure, default the one holding this script). The file of 100,000 meetings is about 30 MB,
# above the 10 MB an import takes by default: the API runs with Imports__MaxFileBytes raised for it (the limit
# bounds one request, not what the importer can do).
set -euo pipefail

MEETINGS=${1:-100000}
API_PORT=${API_PORT:-5190}
SCRIPT_DIR=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "${ROOT:-$SCRIPT_DIR/..}" && pwd)
WORK=${BENCH_DIR:-$(mktemp -d /tmp/rp-bench-import.XXXXXX)}
mkdir -p "$WORK"
API="http://127.0.0.1:$API_PORT"
API_PID=""
SAMPLER_PID=""
SEARCHER_PID=""
ADMIN_KEY="bench-admin-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"

log() { printf '[bench-import %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

stop() {
    local pid=$1
    [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.25; done
    kill -KILL "$pid" 2>/dev/null || true
}
cleanup() { stop "$SEARCHER_PID"; stop "$SAMPLER_PID"; stop "$API_PID"; }
trap cleanup EXIT

if ! command -v curl >/dev/null || ! command -v python3 >/dev/null; then
    log "installing curl and python3"
    apt-get update -qq && apt-get install -y -qq curl python3 >/dev/null
fi

log "measuring $ROOT at $(git -C "$ROOT" log -1 --format=%h 2>/dev/null || echo '?')"
log "building the API (Release)"
dotnet build "$ROOT/src/RecoveryPlatform.Api" -c Release -v quiet -nologo >"$WORK/build-api.log" 2>&1 || { tail -20 "$WORK/build-api.log"; exit 1; }
API_BIN="$ROOT/src/RecoveryPlatform.Api/bin/Release/net10.0"

log "writing a feed of $MEETINGS meetings"
python3 "$SCRIPT_DIR/bench-import-feed.py" "$MEETINGS" "$SCRIPT_DIR/../src/RecoveryPlatform.SharedKernel/Geography/uk_postcode_districts.csv" >"$WORK/feed.json"
FEED_BYTES=$(stat -c %s "$WORK/feed.json")

rm -rf "$WORK/data"
(cd "$API_BIN" && exec env \
    ASPNETCORE_URLS="$API" \
    RecoveryPlatform__DataDirectory="$WORK/data" \
    RecoveryPlatform__SeedDemoData=false \
    RecoveryPlatform__MaxRequestBodyBytes=1048576 \
    Imports__MaxFileBytes=$((FEED_BYTES + 1048576)) \
    RateLimits__AnonymousPerMinute=100000000 \
    RateLimits__PerMinuteByRole__platform-admin=100000000 \
    RecoveryPlatform__BootstrapAdminKey="$ADMIN_KEY" \
    dotnet RecoveryPlatform.Api.dll) </dev/null >"$WORK/api.log" 2>&1 &
API_PID=$!
for _ in $(seq 1 120); do curl -sf -o /dev/null "$API/health/ready" && break; sleep 0.5; done
curl -sf -o /dev/null "$API/health/ready" || { tail -30 "$WORK/api.log"; exit 1; }

SLUG="bench-import"
curl -sf -o /dev/null -X POST "$API/api/v1/organisations" -H "X-Api-Key: $ADMIN_KEY" -H 'Content-Type: application/json' \
    -d "{\"slug\":\"$SLUG\",\"name\":\"Import Benchmark Fellowship\",\"kind\":\"fellowship\"}"
for code in O C D ST B W; do
    curl -sf -o /dev/null -X POST "$API/api/v1/organisations/$SLUG/formats" -H "X-Api-Key: $ADMIN_KEY" -H 'Content-Type: application/json' \
        -d "{\"code\":\"$code\",\"labels\":{\"en\":\"$code\"},\"meetingGuideCode\":\"$code\"}"
done
IDLE_RSS=$(awk '/VmRSS/ {print $2}' "/proc/$API_PID/status")

# Returns "seconds status" for one import of the feed (POST to an ended job).
import_once() {
    local started location status
    started=$(date +%s.%N)
    location=$(curl -s -D - -o "$WORK/queued.json" -X POST "$API/api/v1/organisations/$SLUG/imports" -H "X-Api-Key: $ADMIN_KEY" \
        -H 'Content-Type: application/json' --data-binary "@$WORK/feed.json" | tr -d '\r' | awk 'tolower($1)=="location:" {print $2}')
    [[ -n "$location" ]] || { cat "$WORK/queued.json" >&2; return 1; }
    for _ in $(seq 1 1200); do
        status=$(curl -s "$API$location" -H "X-Api-Key: $ADMIN_KEY" -o "$WORK/job.json" -w '%{http_code}')
        [[ "$status" == 200 ]] && grep -q '"status":"\(succeeded\|failed\)"' "$WORK/job.json" && break
        sleep 0.1
    done
    echo "$(awk -v now="$(date +%s.%N)" -v started="$started" 'BEGIN {printf "%.2f", now - started}') $(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["status"])' "$WORK/job.json")"
}

# RSS sampler and a searcher, for the first import.
(while kill -0 "$API_PID" 2>/dev/null; do awk '/VmRSS/ {print $2}' "/proc/$API_PID/status"; sleep 0.25; done) >"$WORK/rss.txt" &
SAMPLER_PID=$!
(while true; do curl -s -o /dev/null -w '%{http_code} %{time_total}\n' "$API/api/v1/meetings?near=LS6&radiusKm=5&day=tuesday"; done) >"$WORK/searches.txt" &
SEARCHER_PID=$!
sleep 2

cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.1f", ($14 + $15) / hz}' "/proc/$API_PID/stat"; }
# One line per API thread: id, nanoseconds on a CPU, nanoseconds runnable but waiting for one.
thread_times() { for task in /proc/"$API_PID"/task/*; do echo "${task##*/} $(cat "$task/schedstat" 2>/dev/null)"; done; }

log "importing (first time); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
CPU_BEFORE=$(cpu_seconds)
thread_times >"$WORK/threads-before.txt"
read -r FIRST_SECONDS FIRST_STATUS < <(import_once)
FIRST_CPU=$(awk -v a="$CPU_BEFORE" -v b="$(cpu_seconds)" 'BEGIN {printf "%.1f", b - a}')
thread_times >"$WORK/threads-after.txt"
stop "$SEARCHER_PID"; SEARCHER_PID=""
stop "$SAMPLER_PID"; SAMPLER_PID=""
cp "$WORK/job.json" "$WORK/first-job.json"

log "first import done; load average: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine stretches the wall-clock figures)"
log "importing again (every meeting unchanged)"
read -r SECOND_SECONDS SECOND_STATUS < <(import_once)
cp "$WORK/job.json" "$WORK/second-job.json"

python3 - "$WORK" "$MEETINGS" "$FEED_BYTES" "$IDLE_RSS" "$FIRST_SECONDS" "$FIRST_STATUS" "$SECOND_SECONDS" "$SECOND_STATUS" "$FIRST_CPU" <<'PY'
import json, re, sys
work, meetings, feed_bytes, idle_rss, first_s, first_status, second_s, second_status, first_cpu = sys.argv[1:]
first = json.load(open(f"{work}/first-job.json")); second = json.load(open(f"{work}/second-job.json"))
rss = [int(x) for x in open(f"{work}/rss.txt").read().split()]
lines = [l.split() for l in open(f"{work}/searches.txt") if l.strip()]
times = sorted(float(t) * 1000 for _, t in lines)
bad = sum(1 for s, _ in lines if s != "200")
def pct(p): return times[min(len(times) - 1, int(len(times) * p))] if times else float("nan")
runner = re.findall(r"finished in ([0-9.]+) s", open(f"{work}/api.log").read())
def thread_times(name):
    return {p[0]: (int(p[1]), int(p[2])) for p in (l.split() for l in open(f"{work}/{name}")) if len(p) >= 3}
before, after = thread_times("threads-before.txt"), thread_times("threads-after.txt")
spent = sorted(((run - before.get(t, (0, 0))[0]) / 1e9, (wait - before.get(t, (0, 0))[1]) / 1e9) for t, (run, wait) in after.items())
busiest = spent[-1] if spent else (float("nan"), float("nan"))  # the thread that ran the import
threads = f"{busiest[0]:.1f} s / {busiest[1]:.1f} s; all threads {sum(r for r, _ in spent):.1f} s / {sum(w for _, w in spent):.1f} s"
print(f"| meetings | file | first import, end to end | its runner | API CPU time for it | import thread on a CPU / waiting for one | RSS idle → max | searches during it (n, p50, p99, max, not 200) | second import (unchanged) |")
print(f"|---|---|---|---|---|---|---|---|---|")
t1 = first["report"]["totals"] if first.get("report") else {}
t2 = second["report"]["totals"] if second.get("report") else {}
print(f"| {int(meetings):,} | {int(feed_bytes)/1e6:.1f} MB | {float(first_s):.1f} s ({first_status}; created {t1.get('create')}, rejected {t1.get('reject')}) "
      f"| {runner[0] if runner else '?'} s | {first_cpu} s | {threads} | {int(idle_rss)//1024} → {max(rss)//1024} MB "
      f"| {len(times)}, {pct(0.5):.1f} ms, {pct(0.99):.1f} ms, {times[-1] if times else float('nan'):.1f} ms, {bad} "
      f"| {float(second_s):.1f} s ({second_status}; unchanged {t2.get('unchanged')}) |")
PY
