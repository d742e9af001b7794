#!/usr/bin/env bash
# The main job, on a fresh machine: install what is missing, start a local registry with
# htpasswd auth, put the Go toolchain image the backend builds FROM into it, release
# assistant/backend into it (a multi-stage build from the workspace root: go build runs inside
# Docker) with the embedded configuration (tag rules, labels, login from GH_CR_USER/GH_CR_PAT,
# BuildKit secrets), and show what landed.
set -euo pipefail
cd "$(dirname "$0")/.."
export NX_DAEMON=false NX_TUI=false NX_NO_CLOUD=true

bash tools/setup.sh
[ -d node_modules ] || npm ci --no-audit --no-fund

port=${DEMO_REGISTRY_PORT:-5055}
work=$(mktemp -d)
cleanup() { [ -n "${registry_pid:-}" ] && kill "$registry_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

# Throw-away credentials: the same variable names the CI workflow gets from its secrets.
export GH_CR_USER=demo
GH_CR_PAT=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
export GH_CR_PAT
export JFROG_IDENTITY_USER=demo-jfrog JFROG_IDENTITY_TOKEN=demo-jfrog-token
htpasswd -Bbn "$GH_CR_USER" "$GH_CR_PAT" > "$work/htpasswd" 2>/dev/null
cat > "$work/config.yml" <<YAML
version: 0.1
log: { level: error, accesslog: { disabled: true } }
storage: { filesystem: { rootdirectory: $work/data } }
http: { addr: 127.0.0.1:$port }
auth: { htpasswd: { realm: demo, path: $work/htpasswd } }
YAML
docker-registry serve "$work/config.yml" >"$work/registry.log" 2>&1 &
registry_pid=$!
for _ in $(seq 1 50); do curl -s -o /dev/null "http://127.0.0.1:$port/v2/" && break; sleep 0.2; done
# Our registry must be the one answering (it exits when the port is taken by something else).
if ! kill -0 "$registry_pid" 2>/dev/null || [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/v2/")" != 401 ]; then
  echo "demo: could not start the registry on 127.0.0.1:$port (port in use? set DEMO_REGISTRY_PORT)" >&2
  cat "$work/registry.log" >&2
  exit 1
fi
echo "demo: registry on 127.0.0.1:$port (htpasswd auth)"

# The backend builds FROM the team's Go toolchain image in this private registry (made from Debian's
# golang-go, nothing pulled); its release target reads the registry from BASE_REGISTRY.
bash tools/go-toolchain-image.sh "127.0.0.1:$port" "$GH_CR_USER" GH_CR_PAT
export BASE_REGISTRY="127.0.0.1:$port"

npx nx run backend:release --registry="127.0.0.1:$port" --output-style=static

repo=kyma-project/kyma-companion/ai-backend
echo
echo "demo: what the registry holds (read back from its HTTP API):"
# curl reads the credentials from stdin (-K -), so the password is not on its command line.
tags=$(printf 'user = "%s:%s"\n' "$GH_CR_USER" "$GH_CR_PAT" | curl -s -K - "http://127.0.0.1:$port/v2/$repo/tags/list")
echo "  tags:   $tags"
echo "  digest: $(node -p 'require("./dist/docker-release/backend.json").digest')"
