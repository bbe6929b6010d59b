#!/usr/bin/env bash
# The property-based pass over every operation of the OpenAPI document, for longer than CI runs it.
#
# DocumentDrivenTests draws requests from the served document's own schemas (CsCheck), sends them
# through HTTP to an in-memory API on a fresh SQLite database, and holds every answer to the document:
# no 5xx, only declared statuses, bodies valid against their declared schemas (JsonSchema.Net), no
# schema-valid request refused as malformed unless the document states the rule in words, no
# schema-invalid request accepted. CI runs 25 requests per operation; this runs RUNS (default 500).
#
#   build/openapi-fuzz.sh              # 500 requests per operation, fresh random seeds
#   RUNS=2000 build/openapi-fuzz.sh    # longer
#   SEED=4JFU7vNnSc13 build/openapi-fuzz.sh   # replay the seed a failure printed
#
# Each failure is shrunk by CsCheck and printed with its seed, the request and the answer.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

export PROPERTY_RUNS="${RUNS:-500}"
if [ -n "${SEED:-}" ]; then
  export CsCheck_Seed="$SEED"
fi

echo "== $PROPERTY_RUNS generated requests per operation${SEED:+, seed $SEED}"
dotnet test tests/RecoveryPlatform.IntegrationTests --nologo \
  --filter "FullyQualifiedName~DocumentDrivenTestsOnSqlite" \
  --logger "console;verbosity=normal"
