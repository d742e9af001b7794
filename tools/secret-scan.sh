#!/usr/bin/env bash
# The secret scan, the same command the workflows run: gitleaks over the git history (all of it,
# or RANGE, e.g. "origin/main..HEAD" for a pull request's commits), with .gitleaks.toml (default
# rules + this repository's test canaries). Prints each finding (value redacted) with its file,
# line and commit; exits non-zero when there is one.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v gitleaks >/dev/null 2>&1 || { echo "secret-scan: gitleaks is not installed (bash tools/setup.sh installs it)" >&2; exit 2; }
RANGE="${1:-${RANGE:-}}"
gitleaks detect --source . --redact --no-banner --verbose ${RANGE:+--log-opts="$RANGE"}
