#!/usr/bin/env bash
# Fault harness (issue #17): the API in Release on the embedded default (SQLite), killed and starved of its database
# while it works, then checked through the API and, with sqlite3, in the database file itself. Three scenarios, on one
# data folder and a chain of instances of the API:
#
#   [b] kill -9 in the middle of a burst of REFERRALS referral submissions (CONCURRENCY at a time, each with its own
#       Idempotency-Key), once half of them have been answered. After a restart: every referral that was answered 201
#       reads back (GET, with its person's details); the database has no half-written referral (each has its first
#       history row, its sealed personal data, its audit entry and its ReferralSubmitted event, and there are exactly
#       as many as committed idempotency records); the list agrees with the database; the referrals outbox drains.
#       At the end (once IdempotencyStore's 60 s lock on the requests cut off by the kill has lapsed) every
#       submission that got no answer is sent again with its key: each answers 201 (run now, or the first answer
#       replayed) or 409 (committed, answer lost), and no key made two referrals.
#   [a] kill -9 in the middle of an import of a Meeting Guide feed of SIZE meetings (build/bench-import-feed.py), once
#       two of its slices of 500 meetings are written inside its one transaction (each slice ends with an
#       ImportMeetingsCommand, which the pipeline's log, turned on here, records). Before the restart, read-only: the
#       job was running and not applied, and the fellowship has none of the meetings, venues or groups. After it:
#       integrity_check ok; the search has none of them (or all, once the job has run again); the job, its claim
#       run out (Imports:ClaimFor, cut to CLAIM seconds here), is run again by the new instance and succeeds with
#       every meeting exactly once (no meeting without its group or venue); importing the same file again succeeds
#       with every meeting unchanged; an edit made afterwards shows in the search; every module's outbox drains (its
#       dispatch lease, cut to 5 s here, taken over from the killed instance) and nothing is abandoned.
#   [c] the database made unavailable under the running API, for OUTAGE seconds: its data folder and files chmod 000
#       and, where the file system allows, the database and its WAL made immutable (chattr +i). Expected: readiness
#       503 while liveness holds; writes answer 503 application/problem+json with Retry-After, reads 200 or that 503,
#       never a 500 and never a hang (a prober sends a request every 0.5 s throughout, and a burst goes in parallel);
#       then, access given back, within RECOVER_BOUND seconds and without a restart (the same process): ready, a
#       write answers 201, a submission refused with 503 during the outage succeeds with its Idempotency-Key, an edit
#       shows in the search, the outboxes drain; integrity_check ok.
#
#   build/faults.sh [--short]
#
# --short (or SHORT=1): the CI size, SIZE 12000, REFERRALS 60, OUTAGE 8 s; under three minutes on two cores with
# an incremental publish. The full run: SIZE 20000, REFERRALS 200, OUTAGE 20 s.
#
# How the database is made unavailable, and why: the issue asks for file permissions, but root (which CI and these
# machines run as) passes every permission check. So, as root, the API runs as an unprivileged user (FAULTS_USER,
# default nobody; setpriv, else runuser) that owns the data folder, and sqlite3 runs as that user too (so it never
# leaves a root-owned -wal or -shm behind). chmod 000 then stops every new connection (SQLite error 14, "unable to
# open"), but not the connections the pool already holds open: a file open before the chmod stays readable and
# writable, and requests on those connections succeed. chattr +i on the database and its WAL (ext4 and most local
# file systems; needs root) is what makes writes through open connections fail too (EPERM, SQLite error 10), as a
# disk remounted read-only would: with both, every write is refused whatever connection it gets. Without chattr
# (not root, or a file system without it) only chmod is used, and the checks then require only that every answer is
# a success or the 503, and that at least one 503 was seen. Moving the file away was rejected: the next connection
# would create an empty database in its place, which is a different fault (a wrong file, not an unavailable one).
#
# Environment: API_PORT (5293), FAULTS_DIR (work folder, default a new /tmp/rp-faults.*, removed after a run that
# passed unless KEEP=1), ROOT (the source tree, default the one holding this script), CONFIGURATION (Release: the API
# is published to $ROOT/artifacts/faults-api, incrementally, though every new commit recompiles it all; any other,
# e.g. Debug: `dotnet build -c` it and run its bin folder, which a test run has already built), API_BIN (a folder
# holding a built RecoveryPlatform.Api.dll to run as it is), SIZE, REFERRALS, CONCURRENCY (16), CLAIM (seconds;
# 20 + SIZE/1000), OUTAGE, RECOVER_BOUND (20), FAULTS_USER (nobody), OUTAGE_METHOD (all; chmod: chmod alone, the
# issue's literal case, even where chattr would work).
# Needs: the .NET 10 SDK, curl, python3 and sqlite3 (installed with apt-get when missing, as root or with sudo;
# without sqlite3 the database checks are skipped and the API's answers alone are checked).
# Output: one line per check, PASS or FAIL, then a summary. Exit 0 = every check passed; 1 = some failed; 2 = the
# harness could not run.
set -euo pipefail

SHORT=${SHORT:-0}
for arg in "$@"; do
    case "$arg" in
        --short) SHORT=1 ;;
        -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown argument: $arg (build/faults.sh [--short])" >&2; exit 2 ;;
    esac
done
if [[ "$SHORT" == 1 ]]; then
    SIZE=${SIZE:-12000} REFERRALS=${REFERRALS:-60} OUTAGE=${OUTAGE:-8}
else
    SIZE=${SIZE:-20000} REFERRALS=${REFERRALS:-200} OUTAGE=${OUTAGE:-20}
fi
CONCURRENCY=${CONCURRENCY:-16}
CLAIM=${CLAIM:-$((20 + SIZE / 1000))}
RECOVER_BOUND=${RECOVER_BOUND:-20}
CONFIGURATION=${CONFIGURATION:-Release}
OUTAGE_METHOD=${OUTAGE_METHOD:-all}
API_PORT=${API_PORT:-5293}
SCRIPT_DIR=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "${ROOT:-$SCRIPT_DIR/..}" && pwd)
WORK=${FAULTS_DIR:-$(mktemp -d /tmp/rp-faults.XXXXXX)}
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
DATA="$WORK/data"
DB="$DATA/recoveryplatform.db"
API="http://127.0.0.1:$API_PORT"
ADMIN_KEY="faults-admin-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
STARTED_AT=$(date +%s)
API_PID=""
LAUNCHER_PID=""
BURST_PID=""
PROBER_PID=""
BROKEN=0
INSTANCE=0
PASSED=0
FAILED=0
SKIPPED=0
FAILURES=()

log() { printf '[faults %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
pass() { PASSED=$((PASSED + 1)); printf 'PASS  %s\n' "$*"; }
fail() { FAILED=$((FAILED + 1)); FAILURES+=("$*"); printf 'FAIL  %s\n' "$*"; }
skip() { SKIPPED=$((SKIPPED + 1)); printf 'SKIP  %s\n' "$*"; }
# check "what" condition-command...: PASS when the command succeeds.
check() { local what=$1; shift; if "$@"; then pass "$what"; else fail "$what"; fi; }
# expect_eq "what" expected actual
expect_eq() { if [[ "$2" == "$3" ]]; then pass "$1 ($3)"; else fail "$1 (expected $2, got $3)"; fi; }
now() { date +%s.%N; }
# The last line, and the exit status: 1 when any check failed.
summary() {
    echo
    echo "faults: $PASSED passed, $FAILED failed, $SKIPPED skipped in $(($(date +%s) - STARTED_AT)) s ($([[ "$SHORT" == 1 ]] && echo short || echo full): $SIZE meetings, $REFERRALS referrals, outage $OUTAGE s)"
    if ((FAILED > 0)); then
        local f
        for f in "${FAILURES[@]}"; do echo "  failed: $f"; done
        exit 1
    fi
    exit 0
}
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN {printf "%.1f", b - a}'; }

# ---------------------------------------------------------------------------------------------------------------
# Who runs the API, and how the database can be taken away from it.
AS_API=()
API_USER=$(id -un)
if [[ $EUID -eq 0 ]]; then
    API_USER=${FAULTS_USER:-nobody}
    uid=$(id -u "$API_USER") gid=$(id -g "$API_USER")
    if command -v setpriv >/dev/null; then
        AS_API=(setpriv "--reuid=$uid" "--regid=$gid" --clear-groups)
    elif command -v runuser >/dev/null; then
        AS_API=(runuser -u "$API_USER" --)
    else
        log "neither setpriv nor runuser: the API runs as root, and chmod cannot take the database away from it"
        API_USER=root
    fi
fi

stop_pid() {
    local pid=$1
    [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.25; done
    kill -KILL "$pid" 2>/dev/null || true
}
restore_access() {
    [[ "$BROKEN" == 1 ]] || return 0
    chattr -i "$DB" "$DB-wal" 2>/dev/null || true
    chmod "$DATA_MODE" "$DATA" 2>/dev/null || true
    local f
    for f in "${!FILE_MODES[@]}"; do chmod "${FILE_MODES[$f]}" "$f" 2>/dev/null || true; done
    BROKEN=0
}
declare -A FILE_MODES=()
DATA_MODE=755
cleanup() {
    local status=$?
    restore_access
    stop_pid "$PROBER_PID"
    stop_pid "$BURST_PID"
    stop_pid "$API_PID"
    if [[ $status -eq 0 && "$FAILED" == 0 && -z "${FAULTS_DIR:-}" && "${KEEP:-0}" != 1 ]]; then
        rm -rf "$WORK"
    else
        log "work folder kept: $WORK (API logs: $WORK/api-*.log)"
    fi
}
trap cleanup EXIT

need_tools() {
    local missing=()
    command -v curl >/dev/null || missing+=(curl)
    command -v python3 >/dev/null || missing+=(python3)
    command -v sqlite3 >/dev/null || missing+=(sqlite3)
    ((${#missing[@]} == 0)) && return 0
    local sudo=()
    [[ $EUID -eq 0 ]] || { sudo -n true 2>/dev/null && sudo=(sudo -n); } || true
    if [[ $EUID -eq 0 || ${#sudo[@]} -gt 0 ]] && command -v apt-get >/dev/null; then
        log "installing ${missing[*]}"
        "${sudo[@]}" apt-get update -qq >/dev/null 2>&1 || true
        "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 || log "apt-get install ${missing[*]} failed"
    fi
    command -v curl >/dev/null && command -v python3 >/dev/null || { log "curl and python3 are required"; exit 2; }
}
need_tools
HAVE_SQLITE=0
command -v sqlite3 >/dev/null && HAVE_SQLITE=1 || log "no sqlite3: the database checks are skipped, the API's answers alone are checked"

# sqlite3 on the database, as the API's user; -readonly for a look at the files of a killed instance before the next
# starts (no checkpoint, so the new instance does its own recovery from the WAL).
sql() { "${AS_API[@]}" sqlite3 -batch -bail -cmd '.timeout 10000' "$DB" "$@"; }
sql_ro() { "${AS_API[@]}" sqlite3 -batch -bail -readonly -cmd '.timeout 10000' "$DB" "$@"; }
# dbcheck "what" expected "SQL": one value compared, or SKIP without sqlite3.
dbcheck() {
    if [[ "$HAVE_SQLITE" != 1 ]]; then skip "$1 (no sqlite3)"; return; fi
    local got
    got=$(sql "$3" 2>&1) || got="error: $got"
    expect_eq "$1" "$2" "$got"
}
# Every module's outbox (<module>_OutboxMessages on SQLite), as one query over all of them.
outbox_count() {
    local where=$1 tables union=""
    tables=$(sql "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '%\_OutboxMessages' ESCAPE '\\' ORDER BY name")
    for t in $tables; do union="$union${union:+ UNION ALL }SELECT count(*) AS n FROM \"$t\" WHERE $where"; done
    sql "SELECT sum(n) FROM ($union)"
}
# Rows not yet delivered (and not given up); rows given up.
outbox_pending() { outbox_count "DispatchedAt IS NULL AND AbandonedAt IS NULL"; }
outbox_abandoned() { outbox_count "AbandonedAt IS NOT NULL"; }
# "[x] every module's outbox drains" within a bound (seconds).
check_outbox_drains() {
    local tag=$1 bound=$2 started pending
    if [[ "$HAVE_SQLITE" != 1 ]]; then skip "$tag every module's outbox drains (no sqlite3)"; return; fi
    started=$(now)
    for _ in $(seq 1 $((bound * 4))); do
        pending=$(outbox_pending)
        [[ "$pending" == 0 ]] && break
        sleep 0.25
    done
    if [[ "$pending" == 0 ]]; then pass "$tag every module's outbox drains: no row left undelivered (after $(elapsed "$started") s)"
    else fail "$tag every module's outbox drains: $pending rows still undelivered after $bound s"; fi
    expect_eq "$tag no outbox row abandoned" 0 "$(outbox_abandoned)"
}

# ---------------------------------------------------------------------------------------------------------------
# HTTP: one request, its status in CODE, its headers in $WORK/h, its body in $WORK/b, its time in SECONDS_TAKEN.
CODE=000
SECONDS_TAKEN=0
req() {
    local method=$1 url=$2
    shift 2
    local out
    out=$(curl -s -o "$WORK/b" -D "$WORK/h" -w '%{http_code} %{time_total}' --max-time 45 -X "$method" "$API$url" "$@" || true)
    CODE=${out%% *}
    SECONDS_TAKEN=${out##* }
    [[ -n "$CODE" ]] || CODE=000
}
admin() { local method=$1 url=$2; shift 2; req "$method" "$url" -H "X-Api-Key: $ADMIN_KEY" "$@"; }
header() { tr -d '\r' <"$WORK/h" | awk -v name="$(echo "$1" | tr '[:upper:]' '[:lower:]')" 'tolower($1) == name ":" {sub(/^[^:]*: */, ""); print; exit}'; }
# A JSON value from the last body: a python expression on `d`, further arguments in sys.argv[2:].
jbody() { local expression=$1; shift; python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($expression)" "$WORK/b" "$@" 2>/dev/null || echo "?"; }
# True when the last answer was the database-unavailable answer: 503, problem details, Retry-After.
is_unavailable_problem() {
    [[ "$CODE" == 503 ]] && header content-type | grep -q 'application/problem+json' && [[ -n "$(header retry-after)" ]]
}

# ---------------------------------------------------------------------------------------------------------------
# The API.
publish() {
    if [[ -n "${API_BIN:-}" ]]; then
        API_BIN=$(cd "$API_BIN" && pwd)
        log "using the API built in $API_BIN"
        return
    fi
    local started revision
    started=$(now)
    revision=$(git -C "$ROOT" log -1 --format=%h 2>/dev/null || echo '?')
    if [[ "$CONFIGURATION" == Release ]]; then
        API_BIN="$ROOT/artifacts/faults-api"
        log "publishing the API (Release) to $API_BIN, from $ROOT at $revision"
        dotnet publish "$ROOT/src/RecoveryPlatform.Api" -c Release -o "$API_BIN" -nologo -v q >"$WORK/publish.log" 2>&1 || { tail -30 "$WORK/publish.log" >&2; exit 2; }
    else
        # The output the test run already built, say: an up-to-date build is a few seconds.
        API_BIN="$ROOT/src/RecoveryPlatform.Api/bin/$CONFIGURATION/net10.0"
        log "building the API ($CONFIGURATION) in $API_BIN, from $ROOT at $revision"
        dotnet build "$ROOT/src/RecoveryPlatform.Api" -c "$CONFIGURATION" -nologo -v q >"$WORK/publish.log" 2>&1 || { tail -30 "$WORK/publish.log" >&2; exit 2; }
    fi
    log "built in $(elapsed "$started") s"
}

# Starts an instance on the data folder and waits for it to be ready (at most 120 s).
start_api() {
    INSTANCE=$((INSTANCE + 1))
    local logfile="$WORK/api-$INSTANCE.log" started
    started=$(now)
    # Not exec'd from the subshell: when the API is killed, its parent is this subshell, which exits quietly,
    # and bash has no killed job of its own to report.
    (cd "$API_BIN" && "${AS_API[@]}" env \
        HOME="$WORK/home" \
        DOTNET_CLI_TELEMETRY_OPTOUT=1 \
        ASPNETCORE_URLS="$API" \
        ASPNETCORE_ENVIRONMENT=Production \
        RecoveryPlatform__DataDirectory="$DATA" \
        RecoveryPlatform__SeedDemoData=false \
        RecoveryPlatform__BootstrapAdminKey="$ADMIN_KEY" \
        RecoveryPlatform__Referrals__SubmissionsPerMinute=1000000 \
        RateLimits__AnonymousPerMinute=1000000 \
        RateLimits__DefaultPerMinute=1000000 \
        RateLimits__PerMinuteByRole__platform-admin=1000000 \
        RateLimits__PerMinuteByRole__referrer=1000000 \
        Imports__MaxFileBytes=$((FEED_BYTES + 1048576)) \
        Imports__ClaimFor="$(printf '00:%02d:%02d' $((CLAIM / 60)) $((CLAIM % 60)))" \
        Imports__PollEvery=00:00:00.500 \
        Outbox__LeaseDuration=00:00:05 \
        Logging__Console__FormatterOptions__SingleLine=true \
        Logging__LogLevel__RecoveryPlatform.SharedKernel.Pipeline=Information \
        dotnet RecoveryPlatform.Api.dll
        exit $?) </dev/null >"$logfile" 2>&1 &
    LAUNCHER_PID=$!
    API_PID=""
    # setpriv and env exec, runuser forks: the process to kill is the dotnet below the subshell (or below runuser).
    local candidate
    for _ in $(seq 1 100); do
        for candidate in $(pgrep -P "$LAUNCHER_PID" || true); do
            [[ "$(cat "/proc/$candidate/comm" 2>/dev/null)" == dotnet ]] && API_PID=$candidate
            [[ -z "$API_PID" ]] && API_PID=$(pgrep -P "$candidate" -x dotnet || true)
        done
        [[ -n "$API_PID" ]] && break
        sleep 0.05
    done
    [[ -n "$API_PID" ]] || { log "instance $INSTANCE: no dotnet process under $LAUNCHER_PID"; return 1; }
    for _ in $(seq 1 480); do
        [[ "$(curl -s -o /dev/null --max-time 5 -w '%{http_code}' "$API/health/ready" || true)" == 200 ]] && {
            log "instance $INSTANCE (pid $API_PID, as $API_USER) ready in $(elapsed "$started") s"
            return 0
        }
        kill -0 "$API_PID" 2>/dev/null || { tail -30 "$logfile" >&2; log "instance $INSTANCE exited; see $logfile"; return 1; }
        sleep 0.25
    done
    log "instance $INSTANCE not ready after 120 s; see $logfile"
    return 1
}

kill9() {
    kill -KILL "$API_PID" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$API_PID" 2>/dev/null || break; sleep 0.05; done
    wait "$LAUNCHER_PID" 2>/dev/null || true
    log "killed instance $INSTANCE (kill -9, pid $API_PID)"
    API_PID=""
}

wal_bytes() { stat -c %s "$DB-wal" 2>/dev/null || echo 0; }

# ---------------------------------------------------------------------------------------------------------------
log "work folder $WORK; $([[ "$SHORT" == 1 ]] && echo short || echo full) run: $SIZE meetings, $REFERRALS referrals ($CONCURRENCY at a time), outage $OUTAGE s, import claim $CLAIM s"
if curl -s -o /dev/null --max-time 2 "$API/health/live"; then log "something already answers on $API: set API_PORT"; exit 2; fi
publish
chmod 755 "$WORK"
mkdir -p "$DATA" "$WORK/home" "$WORK/burst"
if [[ $EUID -eq 0 && "$API_USER" != root ]]; then chown "$API_USER" "$DATA" "$WORK/home"; fi

log "writing a feed of $SIZE meetings"
python3 "$SCRIPT_DIR/bench-import-feed.py" "$SIZE" "$ROOT/src/RecoveryPlatform.SharedKernel/Geography/uk_postcode_districts.csv" >"$WORK/feed.json"
FEED_BYTES=$(stat -c %s "$WORK/feed.json")

start_api || exit 2

# The parties: a fellowship the import fills (with the feed's formats), a fellowship that takes referrals, a treatment
# service and its referrer key.
IMPORT_ORG=faults-import
REFERRAL_ORG=faults-fellowship
SERVICE_ORG=faults-service
admin POST /api/v1/organisations -H 'Content-Type: application/json' -d "{\"slug\":\"$IMPORT_ORG\",\"name\":\"Fault Harness Import Fellowship\",\"kind\":\"fellowship\"}"
[[ "$CODE" == 201 ]] || { cat "$WORK/b" >&2; log "could not create $IMPORT_ORG ($CODE)"; exit 2; }
IMPORT_ORG_ID=$(jbody 'd["id"]' | tr '[:lower:]' '[:upper:]')
for code in O C D ST B W; do
    admin POST "/api/v1/organisations/$IMPORT_ORG/formats" -H 'Content-Type: application/json' -d "{\"code\":\"$code\",\"labels\":{\"en\":\"$code\"},\"meetingGuideCode\":\"$code\"}"
done
admin POST /api/v1/organisations -H 'Content-Type: application/json' -d "{\"slug\":\"$REFERRAL_ORG\",\"name\":\"Fault Harness Fellowship\",\"kind\":\"fellowship\"}"
admin PUT "/api/v1/organisations/$REFERRAL_ORG/referral-settings" -H 'Content-Type: application/json' \
    -d '{"acceptsReferrals":true,"nationwide":true,"districts":[],"coordinatorContact":"coordinators@example.org"}'
[[ "$CODE" == 200 ]] || { cat "$WORK/b" >&2; log "could not open $REFERRAL_ORG to referrals ($CODE)"; exit 2; }
admin POST /api/v1/organisations -H 'Content-Type: application/json' -d "{\"slug\":\"$SERVICE_ORG\",\"name\":\"Fault Harness Treatment Service\",\"kind\":\"treatment-service\"}"
SERVICE_ORG_ID=$(jbody 'd["id"]' | tr '[:lower:]' '[:upper:]')
admin POST "/api/v1/organisations/$SERVICE_ORG/api-keys" -H 'Content-Type: application/json' -d '{"name":"Fault harness case system","role":"referrer"}'
REFERRER_KEY=$(jbody 'd["key"]')
[[ "$REFERRER_KEY" == rpk_* ]] || { cat "$WORK/b" >&2; log "could not issue a referrer key ($CODE)"; exit 2; }

referral_body() {
    printf '{"organisation":"%s","area":"LS6","person":{"firstName":"Faults%s","phone":"07700 900%03d","preferredContactMethod":"text"},"reason":"alcohol","notes":"Fault harness submission %s.","consent":{"given":true,"statementVersion":"2026-01","capturedBy":"Alex Harness","capturedAt":"2026-11-30T10:15:00Z"},"referrer":{"name":"Alex Harness","role":"Recovery worker","workEmail":"recovery.team@example.org"},"priority":"routine"}' \
        "$REFERRAL_ORG" "$1" $(($1 % 1000)) "$1"
}
# One submission of the burst: its key, body, answer and status kept under $WORK/burst/<i>.*
submit_referral() {
    local i=$1 dir=$WORK/burst
    curl -s -o "$dir/$i.out" -w '%{http_code}' --max-time 40 -X POST "$API/api/v1/referrals" -H "X-Api-Key: $REFERRER_KEY" \
        -H "Idempotency-Key: $(cat "$dir/$i.key")" -H 'Content-Type: application/json' --data-binary "@$dir/$i.json" >"$dir/$i.code.tmp" 2>/dev/null || true
    mv "$dir/$i.code.tmp" "$dir/$i.code"
}

# ===============================================================================================================
# [b] kill -9 in the middle of a burst of referral submissions.
log "[b] a burst of $REFERRALS referral submissions, $CONCURRENCY at a time; kill -9 once half are answered"
B_STARTED=$(now)
for i in $(seq 1 "$REFERRALS"); do
    referral_body "$i" >"$WORK/burst/$i.json"
    cat /proc/sys/kernel/random/uuid >"$WORK/burst/$i.key"
done
(
    for i in $(seq 1 "$REFERRALS"); do
        while (($(jobs -rp | wc -l) >= CONCURRENCY)); do wait -n || true; done
        submit_referral "$i" &
    done
    wait
) &
BURST_PID=$!
answered() { find "$WORK/burst" -name '*.code' | wc -l; }
for _ in $(seq 1 1200); do
    (($(answered) * 2 >= REFERRALS)) && break
    kill -0 "$BURST_PID" 2>/dev/null || break
    sleep 0.02
done
ANSWERED_AT_KILL=$(answered)
kill9
B_KILLED_AT=$(date +%s)
wait "$BURST_PID" 2>/dev/null || true
BURST_PID=""
# One pass over the answers: the ids answered 201 (b-created.txt), the numbers of the others (b-unanswered.txt), and
# "<201s> <other answers, counted> <answers neither 201 nor cut off>".
read -r B_CREATED B_OTHER B_UNEXPECTED < <(python3 - "$WORK" <<'PY'
import collections, glob, json, os, sys
work = sys.argv[1]
created, others, unanswered = [], collections.Counter(), []
for code_file in sorted(glob.glob(f"{work}/burst/*.code")):
    number = os.path.basename(code_file)[:-5]
    code = open(code_file).read().strip() or "000"
    if code == "201":
        created.append(json.load(open(f"{work}/burst/{number}.out"))["id"])
    else:
        others[code] += 1
        unanswered.append(number)
open(f"{work}/b-created.txt", "w").write("".join(i + "\n" for i in created))
open(f"{work}/b-unanswered.txt", "w").write("".join(i + "\n" for i in unanswered))
print(len(created), ",".join(f"{n}x{code}" for code, n in sorted(others.items())) or "none", sum(n for code, n in others.items() if code != "000"))
PY
)
log "[b] at the kill $ANSWERED_AT_KILL of $REFERRALS had an answer; in the end $B_CREATED were 201 (others: ${B_OTHER:-none})"
if ((B_CREATED > 0 && B_CREATED < REFERRALS)); then
    pass "[b] the kill landed mid-burst: $B_CREATED of $REFERRALS submissions answered 201, the rest cut off (${B_OTHER:-none})"
else
    fail "[b] the kill landed mid-burst ($B_CREATED of $REFERRALS answered 201)"
fi
expect_eq "[b] before the kill every answer was 201 (none 4xx/5xx)" 0 "$B_UNEXPECTED"

start_api || { fail "[b] the API restarts on the data folder after kill -9"; summary; }
pass "[b] the API restarts on the data folder after kill -9"
dbcheck "[b] PRAGMA integrity_check" ok "PRAGMA integrity_check"
dbcheck "[b] PRAGMA foreign_key_check finds nothing" "" "PRAGMA foreign_key_check"

mkdir -p "$WORK/readback"
while read -r id; do
    curl -s -o "$WORK/readback/$id.json" -w '%{http_code}' --max-time 45 "$API/api/v1/referrals/$id" -H "X-Api-Key: $REFERRER_KEY" \
        -H 'Purpose: direct-care' >"$WORK/readback/$id.code" || true
done <"$WORK/b-created.txt"
read -r missing unreadable < <(python3 - "$WORK" <<'PY'
import json, sys
work = sys.argv[1]
bad = []
for id in open(f"{work}/b-created.txt").read().split():
    code = open(f"{work}/readback/{id}.code").read().strip()
    try:
        d = json.load(open(f"{work}/readback/{id}.json"))
        ok = code == "200" and d["referral"]["id"] == id and d["person"]["firstName"].startswith("Faults")
    except Exception:
        ok = False
    if not ok:
        bad.append(f"{id}:{code}")
print(len(bad), " ".join(bad)[:400] or "-")
PY
)
if [[ "$missing" == 0 ]]; then
    pass "[b] every referral answered 201 reads back after the restart, with its person's details ($B_CREATED of $B_CREATED)"
else
    fail "[b] every referral answered 201 reads back after the restart: $missing of $B_CREATED do not:${unreadable:0:400}"
fi

if [[ "$HAVE_SQLITE" == 1 ]]; then
    B_IN_DB=$(sql "SELECT count(*) FROM referrals_Referrals WHERE ReferringOrganisationId = '$SERVICE_ORG_ID'")
    ids=$(sed "s/.*/(upper('&'))/" "$WORK/b-created.txt" | paste -sd, -)
    dbcheck "[b] every referral answered 201 is a row in referrals_Referrals" 0 \
        "WITH answered(Id) AS (VALUES ${ids:-(NULL)}) SELECT count(*) FROM answered a WHERE a.Id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM referrals_Referrals r WHERE r.Id = a.Id)"
    log "[b] $B_IN_DB referrals in the database, $B_CREATED answered 201 ($((B_IN_DB - B_CREATED)) committed with their answer lost to the kill)"
    dbcheck "[b] no referral without its first history row (requested, sequence 1)" 0 \
        "SELECT count(*) FROM referrals_Referrals r WHERE NOT EXISTS (SELECT 1 FROM referrals_ReferralHistory h WHERE h.ReferralId = r.Id AND h.Sequence = 1 AND h.ToStatus = 'Requested')"
    dbcheck "[b] no referral without its sealed personal data" 0 "SELECT count(*) FROM referrals_Referrals WHERE SealedPersonalData IS NULL AND PersonalDataErasedAt IS NULL"
    dbcheck "[b] no referral without its audit entry" 0 \
        "SELECT count(*) FROM referrals_Referrals r WHERE NOT EXISTS (SELECT 1 FROM referrals_AuditEntries a WHERE a.EntityId = r.Id AND a.Action = 'created')"
    dbcheck "[b] no referral without its ReferralSubmitted event in the outbox" 0 \
        "SELECT count(*) FROM referrals_Referrals r WHERE NOT EXISTS (SELECT 1 FROM referrals_OutboxMessages o WHERE o.EventType = 'ReferralSubmittedIntegrationEvent' AND instr(o.Payload, lower(r.Id)) > 0)"
    dbcheck "[b] no history row without its referral" 0 \
        "SELECT count(*) FROM referrals_ReferralHistory h WHERE NOT EXISTS (SELECT 1 FROM referrals_Referrals r WHERE r.Id = h.ReferralId)"
    dbcheck "[b] as many referrals as committed idempotency records (none made twice, none lost)" "$B_IN_DB" \
        "SELECT count(*) FROM referrals_IdempotencyRecords WHERE State IN ('Committed', 'Completed')"
    log "[b] idempotency records: $(sql "SELECT group_concat(State || ' ' || n, ', ') FROM (SELECT State, count(*) n FROM referrals_IdempotencyRecords GROUP BY State)")"
    req GET "/api/v1/referrals?side=sent&pageSize=1" -H "X-Api-Key: $REFERRER_KEY"
    expect_eq "[b] the service's list of sent referrals agrees with the database" "$B_IN_DB" "$(jbody 'd["totalItems"]')"
else
    skip "[b] database checks of the referrals (no sqlite3)"
fi
check_outbox_drains "[b]" 60
log "[b] done in $(elapsed "$B_STARTED") s (the retries with the same keys come at the end)"

# ===============================================================================================================
# [a] kill -9 in the middle of an import.
SLICES=$(((SIZE + 499) / 500))
# Early, so that the kill lands before the commit however slowly this loop sees the log: the rest of the slices are
# the margin. At 3,000 meetings it once saw slice 2 of 6 only after the commit, on a machine busy with a benchmark.
KILL_AFTER_SLICE=$((SLICES >= 3 ? 2 : 1))
log "[a] importing $SIZE meetings ($((FEED_BYTES / 1024)) KiB, $SLICES slices of 500); kill -9 once slice $KILL_AFTER_SLICE is written"
A_STARTED=$(now)
LOG_LINES_AT_SUBMIT=$(wc -l <"$WORK/api-$INSTANCE.log")
admin POST "/api/v1/organisations/$IMPORT_ORG/imports" -H 'Content-Type: application/json' --data-binary "@$WORK/feed.json"
JOB=$(header location)
[[ "$CODE" == 202 && -n "$JOB" ]] || { cat "$WORK/b" >&2; fail "[a] the import is accepted (202, got $CODE)"; summary; }
# The API logs each command it handles (the pipeline's log at Information, on for these instances): an import's
# slice ends with its ImportMeetingsCommand, written inside the import's one transaction.
slices_written() { tail -n "+$((LOG_LINES_AT_SUBMIT + 1))" "$WORK/api-$INSTANCE.log" | grep -c 'ImportMeetingsCommand handled' || true; }
RUN_STARTED=$(now)
for _ in $(seq 1 12000); do
    (($(slices_written) >= KILL_AFTER_SLICE)) && break
    grep -q "Import ${JOB##*/} finished" "$WORK/api-$INSTANCE.log" && break
    sleep 0.01
done
WRITTEN_AT_KILL=$(slices_written)
WAL_AT_KILL=$(wal_bytes)
kill9
log "[a] killed $(elapsed "$RUN_STARTED") s after the submission, with $WRITTEN_AT_KILL of $SLICES slices written (WAL $((WAL_AT_KILL / 1024)) KiB)"
if [[ "$HAVE_SQLITE" == 1 ]]; then
    state=$(sql_ro "SELECT Status || ' attempts=' || Attempts || ' applied=' || (AppliedAt IS NOT NULL) FROM imports_ImportJobs WHERE Id = upper('${JOB##*/}')")
    expect_eq "[a] the kill landed mid-import: the job was running and not applied (read-only, before the restart)" "Running attempts=1 applied=0" "$state"
    # What the file holds after the crash, before any instance can touch it again (the restarted one runs the job
    # again as soon as its claim runs out, which on a busy machine can be while it starts).
    counts=$(sql_ro "SELECT (SELECT count(*) FROM meetings_Meetings WHERE OrganisationId = '$IMPORT_ORG_ID') || ' meetings, ' ||
                            (SELECT count(*) FROM venues_Venues WHERE OrganisationId = '$IMPORT_ORG_ID') || ' venues, ' ||
                            (SELECT count(*) FROM groups_Groups WHERE OrganisationId = '$IMPORT_ORG_ID') || ' groups'")
    if [[ "$counts" == "0 meetings, 0 venues, 0 groups" || ("$state" == *applied=1 && "$counts" == "$SIZE meetings, "*) ]]; then
        pass "[a] all or nothing in the database after the kill: $counts of the fellowship (job $state)"
    else
        fail "[a] all or nothing in the database after the kill: $counts of the fellowship (job $state)"
    fi
else
    check "[a] the kill landed mid-import (the API had not logged the end)" bash -c "! grep -q 'Import ${JOB##*/} finished' '$WORK/api-$INSTANCE.log'"
fi

start_api || { fail "[a] the API restarts on the data folder after kill -9 mid-import"; summary; }
pass "[a] the API restarts on the data folder after kill -9 mid-import"
dbcheck "[a] PRAGMA integrity_check" ok "PRAGMA integrity_check"
req GET "/api/v1/meetings?organisation=$IMPORT_ORG&pageSize=1"
A_FIRST_COUNT=$(jbody 'd["totalItems"]')
admin GET "$JOB"
A_JOB_AFTER_RESTART=$(jbody 'd["status"] + " attempts=" + str(d.get("attempts"))')
# None, or all of them when the re-run has already committed.
if [[ "$A_FIRST_COUNT" == 0 || "$A_FIRST_COUNT" == "$SIZE" ]]; then
    pass "[a] all or nothing: after the restart the search has $A_FIRST_COUNT of the fellowship's meetings (job $A_JOB_AFTER_RESTART)"
else
    fail "[a] all or nothing: after the restart the search has $A_FIRST_COUNT of the fellowship's meetings, expected 0 (job $A_JOB_AFTER_RESTART)"
fi

log "[a] waiting for the job's claim to run out ($CLAIM s from the kill) and the new instance to run it again"
A_WAIT_STARTED=$(now)
status=""
for _ in $(seq 1 $(((CLAIM + 120) * 4))); do
    admin GET "$JOB"
    status=$(jbody 'd["status"]')
    [[ "$status" == succeeded || "$status" == failed ]] && break
    sleep 0.25
done
A_JOB=$(jbody '"%s, attempts %s, created %s, rejected %s" % (d["status"], d.get("attempts"), d["report"]["totals"]["create"] if d.get("report") else "-", d["report"]["totals"]["reject"] if d.get("report") else "-")')
if [[ "$status" == succeeded ]]; then
    pass "[a] the interrupted job is run again by the restarted instance and succeeds ($A_JOB; $(elapsed "$A_WAIT_STARTED") s after the restart)"
else
    fail "[a] the interrupted job is run again by the restarted instance and succeeds ($A_JOB; failure: $(jbody 'd.get("failure")'))"
fi
expect_eq "[a] its report: every meeting created" "$SIZE" "$(jbody 'd["report"]["totals"]["create"]')"
req GET "/api/v1/meetings?organisation=$IMPORT_ORG&pageSize=1"
expect_eq "[a] the search has every meeting of the feed, once" "$SIZE" "$(jbody 'd["totalItems"]')"
dbcheck "[a] the database has every meeting of the feed, once" "$SIZE" "SELECT count(*) FROM meetings_Meetings WHERE OrganisationId = '$IMPORT_ORG_ID'"
dbcheck "[a] one meeting per external id (no duplicate from the two attempts)" "$SIZE" "SELECT count(DISTINCT ExternalId) FROM meetings_Meetings WHERE OrganisationId = '$IMPORT_ORG_ID'"
dbcheck "[a] no meeting without its group" 0 \
    "SELECT count(*) FROM meetings_Meetings m WHERE m.OrganisationId = '$IMPORT_ORG_ID' AND NOT EXISTS (SELECT 1 FROM groups_Groups g WHERE g.Id = m.GroupId)"
dbcheck "[a] no meeting without its venue (in person and hybrid)" 0 \
    "SELECT count(*) FROM meetings_Meetings m WHERE m.OrganisationId = '$IMPORT_ORG_ID' AND m.VenueId IS NOT NULL AND NOT EXISTS (SELECT 1 FROM venues_Venues v WHERE v.Id = m.VenueId)"
dbcheck "[a] no import left active for the fellowship" 0 "SELECT count(*) FROM imports_ActiveImports WHERE OrganisationId = '$IMPORT_ORG_ID'"

log "[a] importing the same file again"
admin POST "/api/v1/organisations/$IMPORT_ORG/imports" -H 'Content-Type: application/json' --data-binary "@$WORK/feed.json"
JOB2=$(header location)
if [[ "$CODE" == 202 && -n "$JOB2" ]]; then
    for _ in $(seq 1 $(((CLAIM + 60) * 4))); do
        admin GET "$JOB2"
        status=$(jbody 'd["status"]')
        [[ "$status" == succeeded || "$status" == failed ]] && break
        sleep 0.25
    done
    expect_eq "[a] importing the same file again succeeds" succeeded "$status"
    expect_eq "[a] ... with every meeting unchanged" "$SIZE" "$(jbody 'd["report"]["totals"]["unchanged"]')"
else
    fail "[a] importing the same file again is accepted (got $CODE: $(head -c 300 "$WORK/b"))"
fi

# An edit after the restart: written, followed by the search.
req GET "/api/v1/meetings?organisation=$IMPORT_ORG&pageSize=1&sort=name"
MEETING_ID=$(jbody 'd["items"][0]["id"]')
MARKER="Faultharness Afterrestart $(date +%s)"
admin PATCH "/api/v1/meetings/$MEETING_ID" -H 'If-Match: *' -H 'Content-Type: application/merge-patch+json' -d "{\"name\":\"$MARKER\"}"
expect_eq "[a] a meeting is edited after the restart" 200 "$CODE"
found=0
for _ in $(seq 1 40); do
    req GET "/api/v1/meetings?q=$(echo "$MARKER" | sed 's/ /%20/g')&organisation=$IMPORT_ORG"
    [[ "$(jbody 'd["items"][0]["id"] if d["items"] else ""')" == "$MEETING_ID" ]] && { found=1; break; }
    sleep 0.25
done
check "[a] the edit shows in the search (the change log is followed)" test "$found" == 1
check_outbox_drains "[a]" 60
log "[a] done in $(elapsed "$A_STARTED") s"

# ===============================================================================================================
# [c] the database unavailable under the running API.
C_STARTED=$(now)
C_PID=$API_PID
CAN_CHATTR=0
if [[ $EUID -eq 0 ]] && command -v chattr >/dev/null; then
    probe="$WORK/chattr-probe"
    : >"$probe"
    if chattr +i "$probe" 2>/dev/null; then
        if ! (: >>"$probe") 2>/dev/null; then CAN_CHATTR=1; fi
        chattr -i "$probe" 2>/dev/null || true
    fi
    rm -f "$probe"
fi
[[ "$OUTAGE_METHOD" == chmod ]] && CAN_CHATTR=0
if [[ "$API_USER" == root && "$CAN_CHATTR" == 0 ]]; then
    fail "[c] the database can be made unavailable here (the API runs as root, and chattr cannot be used)"
else
    METHOD="chmod 000 on the data folder and files (API as $API_USER)"
    [[ "$API_USER" == root ]] && METHOD="no chmod (the API runs as root)"
    [[ "$CAN_CHATTR" == 1 ]] && METHOD="$METHOD + chattr +i on the database and its WAL"
    log "[c] taking the database away for $OUTAGE s: $METHOD"

    # A prober: one request every 0.5 s through the outage and the recovery (a database read, a write, a search).
    (
        n=0
        while true; do
            n=$((n + 1))
            rm -f "$WORK/probe.h"
            case $((n % 3)) in
                0) curl -s -o /dev/null -D "$WORK/probe.h" -w '%{http_code} %{time_total} read\n' --max-time 45 "$API/api/v1/organisations/$REFERRAL_ORG" -H "X-Api-Key: $ADMIN_KEY" ;;
                1) curl -s -o /dev/null -D "$WORK/probe.h" -w '%{http_code} %{time_total} write\n' --max-time 45 -X POST "$API/api/v1/organisations" -H "X-Api-Key: $ADMIN_KEY" \
                       -H 'Content-Type: application/json' -d "{\"slug\":\"faults-probe-$n-$RANDOM\",\"name\":\"Probe\",\"kind\":\"fellowship\"}" ;;
                2) curl -s -o /dev/null -D "$WORK/probe.h" -w '%{http_code} %{time_total} search\n' --max-time 45 "$API/api/v1/meetings?near=LS6&radiusKm=5" ;;
            esac || echo "000 0 error"
            # A 503 must carry Retry-After and be problem details.
            if grep -q '^HTTP/1.1 503' "$WORK/probe.h" 2>/dev/null; then
                grep -qi '^retry-after:' "$WORK/probe.h" && grep -qi '^content-type: application/problem+json' "$WORK/probe.h" || echo "503-without-retry-after-or-problem 0 any"
            fi
            sleep 0.5
        done
    ) >"$WORK/probe-during.txt" 2>/dev/null &
    PROBER_PID=$!
    sleep 1

    DATA_MODE=$(stat -c %a "$DATA")
    for f in "$DATA"/*; do FILE_MODES[$f]=$(stat -c %a "$f"); done
    BROKEN=1
    OUTAGE_AT=$(now)
    if [[ "$API_USER" != root ]]; then chmod 000 "$DATA"/* && chmod 000 "$DATA"; fi
    if [[ "$CAN_CHATTR" == 1 ]]; then
        for f in "$DB" "$DB-wal"; do [[ -e "$f" ]] && { chattr +i "$f" || log "[c] chattr +i $f failed"; }; done
    fi

    ready503=0
    for _ in $(seq 1 40); do
        [[ "$(curl -s -o /dev/null --max-time 10 -w '%{http_code}' "$API/health/ready" || true)" == 503 ]] && { ready503=1; break; }
        sleep 0.25
    done
    check "[c] /health/ready answers 503 within 10 s of the outage ($(elapsed "$OUTAGE_AT") s)" test "$ready503" == 1
    req GET /health/live
    expect_eq "[c] /health/live still answers 200" 200 "$CODE"

    # Writes, one of each kind.
    SINGLE_503=0
    write_ok() {
        local what=$1
        [[ "$CODE" == 503 ]] && SINGLE_503=$((SINGLE_503 + 1))
        if [[ "$CAN_CHATTR" == 1 ]]; then
            if is_unavailable_problem; then pass "[c] $what: 503 problem+json, Retry-After $(header retry-after), in ${SECONDS_TAKEN} s"
            else fail "[c] $what: expected 503 problem+json with Retry-After, got $CODE $(header content-type) in ${SECONDS_TAKEN} s: $(head -c 200 "$WORK/b")"; fi
        else
            if [[ "$CODE" == 2* ]] || is_unavailable_problem; then pass "[c] $what: $CODE (a success on a connection opened before, or the 503 with Retry-After)"
            else fail "[c] $what: expected 2xx or 503 problem+json with Retry-After, got $CODE in ${SECONDS_TAKEN} s: $(head -c 200 "$WORK/b")"; fi
        fi
    }
    admin POST /api/v1/organisations -H 'Content-Type: application/json' -d '{"slug":"faults-during-outage","name":"Outage","kind":"fellowship"}'
    write_ok "an organisation created during the outage"
    OUTAGE_KEY=$(cat /proc/sys/kernel/random/uuid)
    referral_body 9001 >"$WORK/outage-referral.json"
    req POST /api/v1/referrals -H "X-Api-Key: $REFERRER_KEY" -H "Idempotency-Key: $OUTAGE_KEY" -H 'Content-Type: application/json' --data-binary "@$WORK/outage-referral.json"
    OUTAGE_REFERRAL_CODE=$CODE
    write_ok "a referral submitted during the outage"
    admin PATCH "/api/v1/meetings/$MEETING_ID" -H 'If-Match: *' -H 'Content-Type: application/merge-patch+json' -d '{"name":"Faultharness Duringoutage"}'
    write_ok "a meeting edited during the outage"
    admin POST "/api/v1/organisations/$IMPORT_ORG/imports" -H 'Content-Type: application/json' --data-binary "@$WORK/feed.json"
    write_ok "an import submitted during the outage"

    # Reads that go to the database: a success (an open connection) or the 503, never anything else.
    read_ok() {
        [[ "$CODE" == 503 ]] && SINGLE_503=$((SINGLE_503 + 1))
        if [[ "$CODE" == 200 ]] || is_unavailable_problem; then pass "[c] $1: $CODE in ${SECONDS_TAKEN} s"
        else fail "[c] $1: expected 200 or 503 problem+json with Retry-After, got $CODE in ${SECONDS_TAKEN} s: $(head -c 200 "$WORK/b")"; fi
    }
    admin GET "/api/v1/organisations/$SERVICE_ORG"
    read_ok "an organisation read during the outage"
    admin GET "$JOB"
    read_ok "an import job read during the outage"
    read -r first_referral <"$WORK/b-created.txt" || true
    req GET "/api/v1/referrals/$first_referral" -H "X-Api-Key: $REFERRER_KEY" -H 'Purpose: direct-care'
    read_ok "a referral read during the outage (a read of personal data is logged: a write)"

    # A burst in parallel: more requests at once than the pool has connections open.
    burst_pids=()
    for i in $(seq 1 24); do
        if ((i % 2)); then
            curl -s -o /dev/null -D "$WORK/burst-c-$i.h" -w '%{http_code} %{time_total}\n' --max-time 45 -X POST "$API/api/v1/organisations" -H "X-Api-Key: $ADMIN_KEY" \
                -H 'Content-Type: application/json' -d "{\"slug\":\"faults-burst-$i\",\"name\":\"Burst\",\"kind\":\"fellowship\"}" >"$WORK/burst-c-$i.code" &
        else
            curl -s -o /dev/null -D "$WORK/burst-c-$i.h" -w '%{http_code} %{time_total}\n' --max-time 45 "$API/api/v1/organisations?pageSize=5&page=$i" -H "X-Api-Key: $ADMIN_KEY" >"$WORK/burst-c-$i.code" &
        fi
        burst_pids+=($!)
    done
    wait "${burst_pids[@]}" 2>/dev/null || true
    bad=0 n503=0 slow=0
    for i in $(seq 1 24); do
        read -r c t <"$WORK/burst-c-$i.code" || c=000
        if [[ "$c" == 503 ]]; then
            n503=$((n503 + 1))
            grep -qi '^retry-after:' "$WORK/burst-c-$i.h" && grep -qi '^content-type: application/problem+json' "$WORK/burst-c-$i.h" || bad=$((bad + 1))
        elif [[ "$c" != 2* ]]; then bad=$((bad + 1)); fi
        awk -v t="${t:-99}" 'BEGIN {exit !(t > 35)}' && slow=$((slow + 1))
    done
    expect_eq "[c] a burst of 24 requests at once: each a success or the 503 with Retry-After ($n503 answered 503)" 0 "$bad"
    expect_eq "[c] ... none took longer than 35 s" 0 "$slow"

    # Hold the outage for its length, then give the database back.
    remaining=$(awk -v s="$OUTAGE" -v e="$(elapsed "$OUTAGE_AT")" 'BEGIN {r = s - e; print (r > 0 ? r : 0)}')
    sleep "$remaining"
    cp "$WORK/probe-during.txt" "$WORK/probe-outage.txt"
    restore_access
    RESTORED_AT=$(now)
    log "[c] access given back after $(awk -v a="$OUTAGE_AT" -v b="$RESTORED_AT" 'BEGIN {printf "%.1f", b - a}') s"

    ready=0
    for _ in $(seq 1 $((RECOVER_BOUND * 4))); do
        [[ "$(curl -s -o /dev/null --max-time 5 -w '%{http_code}' "$API/health/ready" || true)" == 200 ]] && { ready=1; break; }
        sleep 0.25
    done
    check "[c] ready again without a restart ($(elapsed "$RESTORED_AT") s after access came back; bound $RECOVER_BOUND s)" test "$ready" == 1
    recovered=0
    for _ in $(seq 1 $((RECOVER_BOUND * 2))); do
        admin POST /api/v1/organisations -H 'Content-Type: application/json' -d "{\"slug\":\"faults-after-outage-$RANDOM\",\"name\":\"After\",\"kind\":\"fellowship\"}"
        [[ "$CODE" == 201 ]] && { recovered=1; break; }
        sleep 0.5
    done
    check "[c] a write answers 201 again ($(elapsed "$RESTORED_AT") s after access came back)" test "$recovered" == 1
    retried=""
    for _ in $(seq 1 $((RECOVER_BOUND * 2))); do
        req POST /api/v1/referrals -H "X-Api-Key: $REFERRER_KEY" -H "Idempotency-Key: $OUTAGE_KEY" -H 'Content-Type: application/json' --data-binary "@$WORK/outage-referral.json"
        retried="$retried $CODE"
        [[ "$CODE" == 201 ]] && break
        sleep 0.5
    done
    if [[ "$CODE" == 201 ]]; then
        pass "[c] the referral submitted during the outage ($OUTAGE_REFERRAL_CODE) is accepted when sent again with its Idempotency-Key (answers:$retried)"
        OUTAGE_REFERRAL_ID=$(jbody 'd["id"]')
    else
        fail "[c] the referral submitted during the outage ($OUTAGE_REFERRAL_CODE) is accepted when sent again with its Idempotency-Key (answers:$retried; last: $(head -c 300 "$WORK/b"))"
        OUTAGE_REFERRAL_ID=""
    fi
    MARKER2="Faultharness Afteroutage $(date +%s)"
    admin PATCH "/api/v1/meetings/$MEETING_ID" -H 'If-Match: *' -H 'Content-Type: application/merge-patch+json' -d "{\"name\":\"$MARKER2\"}"
    expect_eq "[c] a meeting is edited after the outage" 200 "$CODE"
    found=0
    for _ in $(seq 1 $((RECOVER_BOUND * 4))); do
        req GET "/api/v1/meetings?q=$(echo "$MARKER2" | sed 's/ /%20/g')&organisation=$IMPORT_ORG"
        [[ "$(jbody 'd["items"][0]["id"] if d["items"] else ""')" == "$MEETING_ID" ]] && { found=1; break; }
        sleep 0.25
    done
    check "[c] the edit shows in the search (the change log is followed again)" test "$found" == 1
    sleep 2
    stop_pid "$PROBER_PID"
    PROBER_PID=""
    check "[c] the same process throughout (pid $C_PID, no restart)" kill -0 "$C_PID"

    # The prober's record: through the outage, never a 500 or a failed connection, never a 503 without Retry-After;
    # after recovery, only successes.
    total=$(wc -l <"$WORK/probe-during.txt")
    summary=$(awk '{print $1 "/" $3}' "$WORK/probe-outage.txt" | sort | uniq -c | awk '{printf "%s%s×%s", sep, $1, $2; sep=", "}')
    bad=$(awk '$1 != 503 && $1 !~ /^2/' "$WORK/probe-during.txt" | wc -l)
    expect_eq "[c] the prober's $total requests, through the outage and after: each a success or the 503 (outage: $summary)" 0 "$bad"
    expect_eq "[c] ... every 503 with Retry-After and problem details" 0 "$(grep -c '503-without' "$WORK/probe-during.txt" || true)"
    expect_eq "[c] ... none took longer than 35 s" 0 "$(awk '$2 > 35' "$WORK/probe-during.txt" | wc -l)"
    seen=$((n503 + SINGLE_503 + $(awk '$1 == 503' "$WORK/probe-outage.txt" | wc -l)))
    if [[ "$CAN_CHATTR" == 1 ]]; then
        check "[c] the outage was seen: some requests answered 503 ($seen, over the single requests, the burst and the prober)" test "$seen" -gt 0
    else
        # chmod alone stops new connections only: the pool's open ones may serve every request of the outage.
        log "[c] $seen requests answered 503 (chmod alone: the connections the pool held open went on serving)"
    fi
    after=$(tail -n +"$(($(wc -l <"$WORK/probe-outage.txt") + 1))" "$WORK/probe-during.txt" | awk 'NR > 4 && $1 !~ /^2/' | wc -l)
    expect_eq "[c] ... after recovery (past its first two seconds) only successes" 0 "$after"
    dbcheck "[c] PRAGMA integrity_check after the outage" ok "PRAGMA integrity_check"
    check_outbox_drains "[c]" 60
fi
log "[c] done in $(elapsed "$C_STARTED") s"

# ===============================================================================================================
# [b], continued: the submissions the kill cut off, sent again with their keys once their 60 s lock has lapsed.
mapfile -t unanswered <"$WORK/b-unanswered.txt"
wait_for=$((B_KILLED_AT + 62 - $(date +%s)))
if ((wait_for > 0)); then log "[b] waiting $wait_for s for the idempotency locks of the cut-off requests to lapse"; sleep "$wait_for"; fi
log "[b] sending the ${#unanswered[@]} cut-off submissions again with their Idempotency-Keys"
for i in "${unanswered[@]}"; do
    curl -s -o "$WORK/burst/$i.retry.out" -w '%{http_code}' --max-time 45 -X POST "$API/api/v1/referrals" -H "X-Api-Key: $REFERRER_KEY" \
        -H "Idempotency-Key: $(<"$WORK/burst/$i.key")" -H 'Content-Type: application/json' --data-binary "@$WORK/burst/$i.json" >"$WORK/burst/$i.retry.code" || true
done
read -r r201 r409 rbad < <(python3 - "$WORK" <<'PY'
import json, sys
work = sys.argv[1]
n201 = n409 = 0
bad, ids = [], []
for number in open(f"{work}/b-unanswered.txt").read().split():
    code = open(f"{work}/burst/{number}.retry.code").read().strip()
    if code == "201":
        n201 += 1
        ids.append(json.load(open(f"{work}/burst/{number}.retry.out"))["id"])
    elif code == "409":
        n409 += 1
    else:
        bad.append(f"{number}:{code}")
open(f"{work}/b-retried.txt", "w").write("".join(i + "\n" for i in ids))
print(n201, n409, " ".join(bad)[:300] or "-")
PY
)
if [[ "$rbad" == - ]]; then
    pass "[b] each cut-off submission sent again with its key answers 201 or 409 ($r201 × 201, $r409 × 409 committed with the answer lost)"
else
    fail "[b] each cut-off submission sent again with its key answers 201 or 409 ($r201 × 201, $r409 × 409; others:${rbad:0:300})"
fi
dupes=$(sort "$WORK/b-created.txt" "$WORK/b-retried.txt" | uniq -d | wc -l)
expect_eq "[b] no retry answered with a referral another key made" 0 "$dupes"
if [[ "$HAVE_SQLITE" == 1 ]]; then
    expected=$(($(sort -u "$WORK/b-created.txt" "$WORK/b-retried.txt" | wc -l) + r409))
    dbcheck "[b] one referral per key after the retries (201s + 409s)" "$expected" \
        "SELECT count(*) FROM referrals_Referrals WHERE ReferringOrganisationId = '$SERVICE_ORG_ID' AND Id <> upper('${OUTAGE_REFERRAL_ID:-none}')"
fi
check_outbox_drains "[b]" 60

# ===============================================================================================================
if [[ "$HAVE_SQLITE" == 1 ]]; then dbcheck "[end] PRAGMA integrity_check" ok "PRAGMA integrity_check"; fi
fatal=$(cat "$WORK"/api-*.log | grep -a -c -E 'crit:|Unhandled exception|BackgroundService failed' || true)
expect_eq "[end] no critical log line, unhandled exception or failed background service in the API's logs" 0 "$fatal"
summary
