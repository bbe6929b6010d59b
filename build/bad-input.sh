#!/usr/bin/env bash
# Issue #17's bad-input harness at full size: every malformed request, for every operation of the OpenAPI document.
#
# MalformedRequestTests reads the document the API serves and, for every operation (path x method), writes requests
# that are wrong one way at a time, starting from a valid one (the operation's own example, with real ids in it):
#   bodies       each member the wrong type, null, [null], left out when required, a 1 MiB+ string (over the
#                1 MiB limit) and a 900 KiB one (under it), arrays nested 1000 deep, invalid UTF-8 (C3 28, FF,
#                an encoded surrogate, an overlong form), 1e400 / -1 / 2^63 / "NaN", outside its enum or format;
#                a member no schema has; the whole body truncated, empty, of another shape, nested 1000 deep,
#                not UTF-8, or sent with the wrong Content-Type; a body where none is taken; broken CSV files;
#   query        each declared parameter empty, of the wrong type, out of range, repeated, 7 KB and 10 KB long,
#                with broken percent-encoding (%zz, %C3%28, %FF, %00 ...), and unknown or garbled parameters;
#   headers      If-Match garbage and weak tags on writes, If-None-Match and If-Modified-Since garbage,
#                Idempotency-Key empty / 256 and 300 chars / non-ASCII / missing, Accept image/png and ;;;,
#                bytes above 0x7F in header values, Purpose missing or unknown, malformed credentials;
#   path ids     real ones (made through the API first), well-formed ones that do not exist, and malformed ones.
# It sends them over a real socket to the API on Kestrel (SQLite), as the platform admin and, in part, with no
# credential, and holds every answer to two rules: never a 5xx, and every error an RFC 9457 problem
# (application/problem+json with type, title and the response's status). Every failing request is reported
# together at the end, as it was sent, with the answer's first 200 chars.
#
# CI (the normal test run) sends one request of each kind for each operation, about 1,600, in under a minute.
# This sends all of them, about 20,000 (at least 5,000, or the test fails), in a few minutes.
#
#   build/bad-input.sh                   # every bad request
#   SEED=1143896515 build/bad-input.sh   # instead, replay the CI sample a failure printed (BAD_INPUT_SEED=...)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

if [ -n "${SEED:-}" ]; then
  export BAD_INPUT_SEED="$SEED"
  echo "== the CI sample with seed $SEED"
else
  export BAD_INPUT_FULL=1
  echo "== every bad request, for every operation"
fi

dotnet test tests/RecoveryPlatform.IntegrationTests --nologo \
  --filter "FullyQualifiedName~MalformedRequestTests" \
  --logger "console;verbosity=normal"
