#!/usr/bin/env bash
# Start-up benchmark: how long the API takes from launch to ready (/health/ready 200, which waits for
# the search index) on a synthetic directory of N meetings, its idle RSS and its peak RSS while loading.
# Each tree given is built in Release and started ROUNDS times, the trees taking turns, so that two
# commits are compared on the same machine in the same minutes (these machines are noisy).
#
#   build/bench-startup.sh [meetings=1000000] [tree ...]
#
# Trees default to the one holding this script; give several (worktrees of other commits) to compare.
# Environment: ROUNDS (default 3), API_PORT (5182), BENCH_DIR (work folder holding the generated
# directory; reused when it already holds one of the same size, default a new /tmp/rp-startup.*).
# Reports, per start: seconds to ready, the index's own "read in / indexed in" log line, RSS 2 s after
# ready, and VmHWM (the peak).
set -euo pipefail

MEETINGS=${1:-1000000}
shift || true
SCRIPT_DIR=$(cd "$(dirname "$0")" && pwd)
TREES=("$@")
((${#TREES[@]} > 0)) || TREES=("$SCRIPT_DIR/..")
ROUNDS=${ROUNDS:-3}
API_PORT=${API_PORT:-5182}
API="http://127.0.0.1:$API_PORT"
WORK=${BENCH_DIR:-$(mktemp -d /tmp/rp-startup.XXXXXX)}
mkdir -p "$WORK"
API_PID=""

log() { printf '[startup %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
stop_api() { [[ -n "$API_PID" ]] && kill "$API_PID" 2>/dev/null && wait "$API_PID" 2>/dev/null; API_PID=""; }
trap stop_api EXIT

command -v curl >/dev/null && command -v sqlite3 >/dev/null || {
    log "installing curl and sqlite3"
    apt-get update -qq && apt-get install -y -qq curl sqlite3 >/dev/null
}

# Starts the API of a built tree on the work folder's database; waits for ready (at most 10 minutes).
start_api() {
    local bin=$1 logfile=$2
    (cd "$bin" && exec env ASPNETCORE_URLS="$API" RecoveryPlatform__DataDirectory="$WORK/data" RecoveryPlatform__SeedDemoData=false \
        dotnet RecoveryPlatform.Api.dll) </dev/null >"$logfile" 2>&1 &
    API_PID=$!
    for _ in $(seq 1 3000); do
        [[ "$(curl -s -o /dev/null --max-time 5 -w '%{http_code}' "$API/health/ready")" == 200 ]] && return 0
        kill -0 "$API_PID" 2>/dev/null || { log "the API exited; see $logfile"; return 1; }
        sleep 0.2
    done
    log "timed out waiting for $API/health/ready"
    return 1
}

BINS=()
for tree in "${TREES[@]}"; do
    tree=$(cd "$tree" && pwd)
    log "building $tree at $(git -C "$tree" log -1 --format=%h 2>/dev/null || echo '?') (Release)"
    dotnet build "$tree/src/RecoveryPlatform.Api" -c Release -v quiet -nologo >"$WORK/build.log" 2>&1 || { tail -20 "$WORK/build.log"; exit 1; }
    BINS+=("$tree/src/RecoveryPlatform.Api/bin/Release/net10.0")
done

# The directory: made once per work folder with the first tree's schema and generator.
DB="$WORK/data/recoveryplatform.db"
if [[ ! -f "$DB" ]] || [[ "$(sqlite3 "$DB" 'SELECT count(*) FROM meetings_Meetings' 2>/dev/null)" != "$MEETINGS" ]]; then
    rm -rf "$WORK/data" && mkdir -p "$WORK/data"
    log "migrating a fresh database, then generating $MEETINGS meetings"
    start_api "${BINS[0]}" "$WORK/api-migrate.log"
    stop_api
    first=$(cd "${TREES[0]}" && pwd)
    dotnet build "$first/build/SyntheticDirectory" -c Release -v quiet -nologo >"$WORK/build.log" 2>&1 || { tail -20 "$WORK/build.log"; exit 1; }
    dotnet "$first/build/SyntheticDirectory/bin/Release/net10.0/SyntheticDirectory.dll" --database "$DB" --meetings "$MEETINGS" >&2
fi

echo "### Start-up at $MEETINGS meetings, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ), $ROUNDS rounds, trees taking turns"
echo
echo "| tree | round | ready (s) | index log | RSS idle (MB) | peak RSS (MB) |"
echo "|---|---|---|---|---|---|"
for round in $(seq 1 "$ROUNDS"); do
    for i in "${!BINS[@]}"; do
        tree=$(cd "${TREES[$i]}" && pwd)
        started=$(date +%s.%N)
        start_api "${BINS[$i]}" "$WORK/api-$i-$round.log"
        ready=$(echo "$(date +%s.%N) - $started" | bc)
        sleep 2
        rss=$(($(awk '/VmRSS/ {print $2}' "/proc/$API_PID/status") / 1024))
        peak=$(($(awk '/VmHWM/ {print $2}' "/proc/$API_PID/status") / 1024))
        loaded=$(grep -a -o 'read in [0-9.]* s, indexed in [0-9.]* s' "$WORK/api-$i-$round.log" | tail -1 || true)
        stop_api
        printf '| %s (%s) | %d | %.1f | %s | %d | %d |\n' "$(git -C "$tree" log -1 --format=%h 2>/dev/null || echo '?')" "$tree" "$round" "$ready" "${loaded:-?}" "$rss" "$peak"
    done
done
