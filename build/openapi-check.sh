#!/usr/bin/env bash
# Checks the OpenAPI contract with the public tools third parties use on it:
#   1. Redocly CLI lint, recommended rules (build/openapi-client/redocly.yaml): no errors allowed;
#   2. openapi-typescript generates TypeScript types, and a small strict client using them
#      (build/openapi-client/client.ts) must compile with tsc --strict --noEmit.
#
# It reads docs/openapi.json, which OpenApiDocumentTests keep equal to what the API serves; set
# OPENAPI_URL (e.g. http://127.0.0.1:5000/swagger/v1/swagger.json) to check a running API instead.
# The tools come from the npm registry, at the versions pinned in build/openapi-client/package.json.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
client="$root/build/openapi-client"
document="$root/docs/openapi.json"

cd "$client"
if [ -n "${OPENAPI_URL:-}" ]; then
  document="$client/generated/served-openapi.json"
  mkdir -p generated
  curl -sSf "$OPENAPI_URL" -o "$document"
fi

echo "== installing the pinned tools"
npm install --no-audit --no-fund --package-lock=false --loglevel=error >/dev/null

echo "== Redocly lint (recommended rules): $document"
set +e
lint_output="$(npx --no-install redocly lint "$document" --config redocly.yaml --format=stylish 2>&1)"
lint_status=$?
set -e
echo "$lint_output" | grep -E "^\s+[0-9]+:[0-9]+\s+(error|warning)" || true
lint_errors=$(echo "$lint_output" | grep -cE "^\s+[0-9]+:[0-9]+\s+error" || true)
lint_warnings=$(echo "$lint_output" | grep -cE "^\s+[0-9]+:[0-9]+\s+warning" || true)

echo "== openapi-typescript"
mkdir -p generated
rm -f generated/schema.d.ts
set +e
npx --no-install openapi-typescript "$document" -o generated/schema.d.ts > generated/openapi-typescript.log 2>&1
types_status=$?
set -e
tail -1 generated/openapi-typescript.log

tsc_errors="not run"
tsc_status=1
if [ "$types_status" -eq 0 ]; then
  echo "== tsc --strict --noEmit (client.ts)"
  set +e
  tsc_output="$(npx --no-install tsc -p tsconfig.json --strict --noEmit 2>&1)"
  tsc_status=$?
  set -e
  if [ -n "$tsc_output" ]; then echo "$tsc_output"; fi
  tsc_errors=$(echo "$tsc_output" | grep -cE "error TS[0-9]+" || true)
else
  cat generated/openapi-typescript.log >&2
fi

echo
echo "Redocly: ${lint_errors} errors, ${lint_warnings} warnings"
echo "openapi-typescript: $([ "$types_status" -eq 0 ] && echo generated || echo FAILED)"
echo "tsc --strict: ${tsc_errors} errors"
if [ "$lint_status" -ne 0 ] || [ "$lint_errors" -ne 0 ] || [ "$tsc_status" -ne 0 ]; then
  echo "openapi-check: FAILED" >&2
  exit 1
fi
echo "openapi-check: passed"
