#!/usr/bin/env bash
# Installs and starts what releases and e2e tests need: Docker engine + buildx, the CNCF registry,
# skopeo, htpasswd, Go, QEMU, gitleaks (the secret scan), cosign and oras (signing, attestations). Idempotent; safe to run on every test run. Debian 12 + root assumed
# (see docs/environment.md); elsewhere it only checks and reports what is missing.
set -euo pipefail

need_install=()
command -v dockerd >/dev/null 2>&1 || need_install+=(engine)
[ -x /usr/libexec/docker/cli-plugins/docker-buildx ] || [ -x /usr/lib/docker/cli-plugins/docker-buildx ] \
  || [ -x /usr/local/lib/docker/cli-plugins/docker-buildx ] || need_install+=(engine)
for tool in docker-registry skopeo htpasswd go; do command -v "$tool" >/dev/null 2>&1 || need_install+=(tools); done
# QEMU user emulation: RUN steps of a foreign platform (arm64 on this amd64 machine).
command -v update-binfmts >/dev/null 2>&1 && [ -e /usr/libexec/qemu-binfmt/aarch64-binfmt-P ] || need_install+=(qemu)
# The secret scan (tools/secret-scan.sh), pinned: the version the workflows install too.
GITLEAKS_VERSION=8.16.0-1+b12
[ "$(dpkg-query -W -f='${Version}' gitleaks 2>/dev/null || true)" = "$GITLEAKS_VERSION" ] || need_install+=(gitleaks)
# Image signing and the registry's view of attestations (e2e), pinned like gitleaks.
COSIGN_VERSION=2.5.0-2+b5
ORAS_VERSION=1.2.0-1+b9
[ "$(dpkg-query -W -f='${Version}' cosign 2>/dev/null || true)" = "$COSIGN_VERSION" ] || need_install+=(sigstore)
[ "$(dpkg-query -W -f='${Version}' oras 2>/dev/null || true)" = "$ORAS_VERSION" ] || need_install+=(sigstore)

if [ ${#need_install[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "setup: missing ${need_install[*]} and cannot apt-get install here (need root on Debian)" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  # Bookworm's docker.io has no buildx; trixie's (engine 26.1 + buildx 0.13) installs cleanly,
  # pinned low so nothing else is pulled from trixie. gitleaks comes from trixie too.
  if [[ " ${need_install[*]} " == *" engine "* || " ${need_install[*]} " == *" gitleaks "* || " ${need_install[*]} " == *" sigstore "* ]] && [ ! -f /etc/apt/sources.list.d/trixie.sources ]; then
    awk -v RS= 'NR==1' /etc/apt/sources.list.d/debian.sources | sed 's/^Suites:.*/Suites: trixie/' \
      > /etc/apt/sources.list.d/trixie.sources
    printf 'Package: *\nPin: release n=trixie\nPin-Priority: 100\n' > /etc/apt/preferences.d/trixie-low
  fi
  if [[ " ${need_install[*]} " == *" engine "* ]]; then
    apt-get update -qq
    apt-get install -y -qq -t trixie docker.io docker-buildx >/dev/null
  fi
  if [[ " ${need_install[*]} " == *" gitleaks "* ]]; then
    apt-get install -y -qq -t trixie "gitleaks=$GITLEAKS_VERSION" >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq -t trixie "gitleaks=$GITLEAKS_VERSION" >/dev/null; }
  fi
  if [[ " ${need_install[*]} " == *" sigstore "* ]]; then
    apt-get install -y -qq -t trixie "cosign=$COSIGN_VERSION" "oras=$ORAS_VERSION" >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq -t trixie "cosign=$COSIGN_VERSION" "oras=$ORAS_VERSION" >/dev/null; }
  fi
  if [[ " ${need_install[*]} " == *" tools "* ]]; then
    apt-get update -qq
    apt-get install -y -qq docker-registry skopeo apache2-utils golang-go >/dev/null
  fi
  if [[ " ${need_install[*]} " == *" qemu "* ]]; then
    apt-get install -y -qq qemu-user-static binfmt-support >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq qemu-user-static binfmt-support >/dev/null; }
  fi
fi

# Register arm64 emulation with the kernel (binfmt_misc is not mounted on these machines by default).
if [ "$(id -u)" = 0 ] && [ ! -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ]; then
  [ -e /proc/sys/fs/binfmt_misc/register ] || mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc || true
  update-binfmts --enable qemu-aarch64 >/dev/null 2>&1 || true
fi

# No systemd here: start the daemon when the socket does not answer.
if ! docker info >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v dockerd >/dev/null 2>&1; then
    setsid dockerd >/tmp/dockerd.log 2>&1 < /dev/null &
    for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 0.5; done
  fi
  docker info >/dev/null 2>&1 || { echo "setup: the Docker engine is not answering (see /tmp/dockerd.log)" >&2; exit 1; }
fi
echo "setup: docker $(docker version --format '{{.Server.Version}}'), $(docker buildx version | cut -d' ' -f1-2), $(go version | cut -d' ' -f3), gitleaks $(dpkg-query -W -f='${Version}' gitleaks), cosign $(dpkg-query -W -f='${Version}' cosign), oras $(dpkg-query -W -f='${Version}' oras)"
