#!/usr/bin/env bash
# The full test run: typecheck, lint, format check, secret scan, unit tests, Go tests and e2e tests against a real Docker engine
# and a real loopback registry. Prints "N passed, N failed" on its own line at the end.
set -uo pipefail
cd "$(dirname "$0")/.."
export NX_DAEMON=false NX_TUI=false NX_NO_CLOUD=true
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

bash tools/setup.sh || { echo "0 passed, 1 failed"; exit 1; }
# A fresh clone has no dependencies yet: install exactly the lockfile.
[ -d node_modules ] || npm ci --no-audit --no-fund || { echo "0 passed, 1 failed"; exit 1; }

status=0
npx tsc -p packages/nx-docker-release/tsconfig.lib.json --noEmit && npx tsc -p packages/nx-docker-release/tsconfig.spec.json --noEmit
typecheck=$?
[ $typecheck -eq 0 ] || status=1
npx eslint packages/nx-docker-release tools eslint.config.js
lint=$?
[ $lint -eq 0 ] || status=1
# Formatting (Prettier, .prettierrc.json): `npm run format` fixes what this reports.
npx prettier --check --log-level=warn "packages/nx-docker-release/**/*.ts" "tools/**/*.js" "*.js"
format=$?
[ $format -eq 0 ] || status=1
# A leaked key fails here, before it is pushed (the workflows run the same command).
bash tools/secret-scan.sh
scan=$?
[ $scan -eq 0 ] || status=1

npx jest --config packages/nx-docker-release/jest.config.js --ci --json --outputFile="$out/unit.json" || status=1
# Every Go module of the workspace (services and shared modules).
: > "$out/go.json"
for mod in $(git ls-files -co --exclude-standard '*go.mod' | xargs -n1 dirname); do
  (cd "$mod" && GOFLAGS=-mod=mod go test -json ./... >> "$out/go.json") || status=1
done
npx jest --config packages/nx-docker-release/jest.e2e.config.js --ci --runInBand --json --outputFile="$out/e2e.json" || status=1

node tools/count-results.js "$out" "typecheck=$typecheck" "lint=$lint" "format=$format" "secret-scan=$scan"
exit $status
