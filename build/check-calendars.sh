#!/usr/bin/env bash
# The iCalendar feeds against a real consumer: ical.js (the interop kit's ical/check.sh) parses and expands
# every public meeting's calendar, and every group's, over one year (which crosses both clock changes, in
# London and in New York), and compares the start instants with the API's own /occurrences.
#
#   build/check-calendars.sh
#
# It builds the API, starts it on a new scratch data folder with the demo directory (on 127.0.0.1 only, as
# the kit requires), lists the public meetings (the search) and the groups, and before checking gives a
# few of them what the plain demo data lacks (ALTER=1, the default; ALTER=0 checks the demo as seeded):
#   the 1st listed meeting: a cancellation (its 3rd date) and a one-off change (its 5th: an hour later, 90 min)
#   the 2nd: a cancellation (its 2nd date) and validUntil at its 30th date
#   the 3rd: temporarily suspended; the 4th: closed
# so that EXDATE, RECURRENCE-ID overrides, UNTIL and the suspended and closed cases are read by ical.js too.
# Every meeting listed at the start is checked, and every group's calendar against its meetings' occurrences.
#
# Environment: API_PORT (5191), CHECK_DIR (scratch folder, default a new /tmp/rp-calendars.*), CONFIGURATION
# (Debug), INTEROP_KIT (the interop kit, default ../shared/tools/interop beside the checkout), ROOT (the source
# tree to build, default the one holding this script).
# Needs: the .NET 10 SDK, curl, jq, node and npm (the kit installs ical.js into its own scratch folder on first
# use, from the npm registry). Exit 0 = every calendar passed; 1 = some did not; 2 = the check could not run.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "${ROOT:-$SCRIPT_DIR/..}" && pwd)
API_PORT=${API_PORT:-5191}
CONFIGURATION=${CONFIGURATION:-Debug}
ALTER=${ALTER:-1}
WORK=${CHECK_DIR:-$(mktemp -d /tmp/rp-calendars.XXXXXX)}
API="http://127.0.0.1:$API_PORT"
V1="$API/api/v1"
API_PID=""
ADMIN_KEY="calendar-check-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"

log() { printf '[calendars %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
fail_to_run() { log "$*"; exit 2; }

# 1. What it needs.
missing=()
for tool in dotnet curl jq node npm; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if ((${#missing[@]} > 0)); then
    fail_to_run "missing: ${missing[*]} (the .NET 10 SDK from https://dot.net; on Debian: apt-get install curl jq nodejs npm)"
fi
if [[ -z "${INTEROP_KIT:-}" ]]; then
    # Beside the checkout (the shared folder), or beside the main checkout when this is a git worktree.
    for candidate in "$ROOT/../shared/tools/interop" "$(git -C "$ROOT" rev-parse --path-format=absolute --git-common-dir 2>/dev/null)/../../shared/tools/interop"; do
        [[ -x "$candidate/ical/check.sh" ]] && { INTEROP_KIT=$(cd "$candidate" && pwd); break; }
    done
fi
[[ -n "${INTEROP_KIT:-}" && -x "$INTEROP_KIT/ical/check.sh" ]] \
    || fail_to_run "the interop kit (ical/check.sh) was not found: set INTEROP_KIT to its folder (shared/tools/interop)"
CHECK="$INTEROP_KIT/ical/check.sh"
mkdir -p "$WORK/out"

stop_api() {
    [[ -n "$API_PID" ]] && kill -0 "$API_PID" 2>/dev/null || return 0
    kill -TERM "$API_PID" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$API_PID" 2>/dev/null || return 0; sleep 0.25; done
    kill -KILL "$API_PID" 2>/dev/null || true
}
trap stop_api EXIT

# 2. The API, on a scratch data folder seeded with the demo directory.
log "building the API ($CONFIGURATION) from $ROOT at $(git -C "$ROOT" log -1 --format=%h 2>/dev/null || echo '?')"
dotnet build "$ROOT/src/RecoveryPlatform.Api" -c "$CONFIGURATION" -v quiet -nologo >"$WORK/build.log" 2>&1 \
    || { tail -20 "$WORK/build.log" >&2; fail_to_run "the build failed ($WORK/build.log)"; }
(cd "$ROOT/src/RecoveryPlatform.Api/bin/$CONFIGURATION/net10.0" && exec env \
    ASPNETCORE_URLS="$API" \
    RecoveryPlatform__DataDirectory="$WORK/data" \
    RecoveryPlatform__SeedDemoData=true \
    RecoveryPlatform__BootstrapAdminKey="$ADMIN_KEY" \
    RateLimits__AnonymousPerMinute=100000000 \
    RateLimits__PerMinuteByRole__platform-admin=100000000 \
    dotnet RecoveryPlatform.Api.dll) </dev/null >"$WORK/api.log" 2>&1 &
API_PID=$!
for _ in $(seq 1 240); do
    curl -sf --max-time 5 -o /dev/null "$API/health/ready" && break
    kill -0 "$API_PID" 2>/dev/null || { tail -30 "$WORK/api.log" >&2; fail_to_run "the API exited ($WORK/api.log)"; }
    sleep 0.5
done
curl -sf --max-time 5 -o /dev/null "$API/health/ready" || fail_to_run "the API did not become ready ($WORK/api.log)"
log "API ready on $API (data in $WORK/data)"

# 3. One year from 04:00 UTC tomorrow: no demo meeting is under way then (ical.js also lists an occurrence
# under way at the window's start; /occurrences lists those that start in it), and any year holds both changes.
FROM=$(date -u -d 'tomorrow 04:00' +%Y-%m-%dT%H:%M:%SZ)
TO=$(date -u -d "$FROM + 365 days" +%Y-%m-%dT%H:%M:%SZ)
log "window $FROM .. $TO"

get() { curl -sf --max-time 30 "$@"; }
occurrences_url() { echo "$V1/meetings/$1/occurrences?from=$FROM&to=$TO"; }

# 4. The public meetings (every page of the search) and the groups (every page of the list).
: >"$WORK/meetings.tsv"
page=1
while :; do
    answer=$(get "$V1/meetings?pageSize=100&page=$page") || fail_to_run "search failed"
    jq -r '.items[] | [.id, .group.id, .name] | @tsv' <<<"$answer" >>"$WORK/meetings.tsv"
    (($(jq '.totalPages' <<<"$answer") > page)) || break
    page=$((page + 1))
done
: >"$WORK/groups.tsv"
page=1
while :; do
    answer=$(get "$V1/groups?pageSize=100&page=$page") || fail_to_run "the group list failed"
    jq -r '.items[] | [.id, .name] | @tsv' <<<"$answer" >>"$WORK/groups.tsv"
    (($(jq '.totalPages' <<<"$answer") > page)) || break
    page=$((page + 1))
done
log "$(wc -l <"$WORK/meetings.tsv") public meetings, $(wc -l <"$WORK/groups.tsv") groups"

# 5. What the demo data lacks, on a few of them.
admin() { curl -sf --max-time 30 -H "X-Api-Key: $ADMIN_KEY" "$@"; }
nth_date() { get "$(occurrences_url "$1")" | jq -r ".[$(($2 - 1))].localDate"; }
patch_meeting() { # id, merge patch
    local etag
    etag=$(curl -sfI --max-time 30 "$V1/meetings/$1" | awk -F': ' 'tolower($1)=="etag" {print $2}' | tr -d '\r')
    admin -X PATCH "$V1/meetings/$1" -H "If-Match: $etag" -H 'Content-Type: application/merge-patch+json' -d "$2" >/dev/null
}
if [[ "$ALTER" == 1 ]]; then
    mapfile -t ids < <(cut -f1 "$WORK/meetings.tsv")
    ((${#ids[@]} >= 4)) || fail_to_run "fewer than 4 public meetings to alter"
    admin -X POST "$V1/meetings/${ids[0]}/cancellations" -H 'Content-Type: application/json' -d "{\"date\":\"$(nth_date "${ids[0]}" 3)\",\"note\":\"Hall closed\"}" >/dev/null \
        || fail_to_run "could not cancel a date"
    changed=$(nth_date "${ids[0]}" 5)
    start=$(get "$V1/meetings/${ids[0]}" | jq -r '.schedule.startTime')
    hour=${start%%:*}
    later=$(printf '%02d:%s' $(((10#$hour + 1) % 24)) "${start#*:}")
    admin -X POST "$V1/meetings/${ids[0]}/changes" -H 'Content-Type: application/json' -d "{\"date\":\"$changed\",\"startTime\":\"$later\",\"durationMinutes\":90}" >/dev/null \
        || fail_to_run "could not change a date"
    admin -X POST "$V1/meetings/${ids[1]}/cancellations" -H 'Content-Type: application/json' -d "{\"date\":\"$(nth_date "${ids[1]}" 2)\"}" >/dev/null \
        || fail_to_run "could not cancel a date"
    patch_meeting "${ids[1]}" "{\"schedule\":{\"validUntil\":\"$(nth_date "${ids[1]}" 30)\"}}" || fail_to_run "could not set validUntil"
    patch_meeting "${ids[2]}" "{\"status\":\"temporarily-suspended\",\"resumesOn\":\"$(date -u -d "+60 days" +%F)\"}" || fail_to_run "could not suspend a meeting"
    patch_meeting "${ids[3]}" '{"status":"closed"}' || fail_to_run "could not close a meeting"
    log "altered: ${ids[0]} (a cancellation, $changed moved to $later for 90 min), ${ids[1]} (a cancellation, validUntil), ${ids[2]} (suspended), ${ids[3]} (closed)"
fi

# 6. The checks.
meetings_checked=0 meetings_passed=0 groups_checked=0 groups_passed=0
failures=()
check() { # label, calendar URL, compare file or URL -> 0 when the kit passes
    local label=$1 out="$WORK/out/$1.txt"
    if "$CHECK" "$2" --from "$FROM" --to "$TO" --compare "$3" --compare-field startsAt >"$out" 2>&1; then
        return 0
    fi
    failures+=("$label: $(grep -E '^(problem|compare):' "$out" | tr '\n' ' ') (see $out)")
    return 1
}

while IFS=$'\t' read -r id _ name; do
    meetings_checked=$((meetings_checked + 1))
    if check "meeting-$id" "$V1/meetings/$id/calendar.ics" "$(occurrences_url "$id")"; then
        meetings_passed=$((meetings_passed + 1))
        log "PASS meeting $name: $(grep -E '^compare:' "$WORK/out/meeting-$id.txt" | cut -d';' -f1)"
    else
        log "FAIL meeting $name"
    fi
done <"$WORK/meetings.tsv"

while IFS=$'\t' read -r group name; do
    groups_checked=$((groups_checked + 1))
    # The group's meetings' occurrences, together: what its calendar must expand to.
    expected="$WORK/out/group-$group-occurrences.json"
    echo '[]' >"$expected"
    while IFS=$'\t' read -r id of _; do
        [[ "$of" == "$group" ]] || continue
        get "$(occurrences_url "$id")" | jq -s '.[0] + .[1]' "$expected" - >"$expected.new" && mv "$expected.new" "$expected"
    done <"$WORK/meetings.tsv"
    if check "group-$group" "$V1/groups/$group/calendar.ics" "$expected"; then
        groups_passed=$((groups_passed + 1))
        log "PASS group $name: $(grep -E '^ics:' "$WORK/out/group-$group.txt" | cut -d';' -f1)"
    else
        log "FAIL group $name"
    fi
done <"$WORK/groups.tsv"

# 7. Summary.
echo "ical.js (interop kit) against /occurrences, $FROM .. $TO"
echo "meetings: $meetings_checked checked, $meetings_passed passed"
echo "groups: $groups_checked checked, $groups_passed passed"
for failure in "${failures[@]}"; do echo "FAIL $failure"; done
if ((meetings_passed == meetings_checked && groups_passed == groups_checked && meetings_checked > 0)); then
    echo "verdict: PASS (outputs in $WORK/out)"
else
    echo "verdict: FAIL (outputs in $WORK/out)"
    exit 1
fi
