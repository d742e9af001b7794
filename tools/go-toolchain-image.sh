#!/usr/bin/env bash
# Puts the Go toolchain image assistant/backend builds FROM into a loopback registry that asks for a
# login, without pulling anything: Debian's golang-go 1.19 (tools/setup.sh installs it) with the
# loader and libc its binaries link against, imported with `docker import` and pushed as
# <registry-host>/toolchain/golang:1.19. The demo and the e2e tests run it; a real team's registry
# holds such an image already.
#
#   tools/go-toolchain-image.sh <registry-host> <user> <password-env-name>
#
# Idempotent: nothing is done when the registry holds the tag. The password is read from the named
# variable and reaches curl and docker on stdin only; the login lives in a throw-away DOCKER_CONFIG,
# and the local image is removed afterwards. The tarball is made once per machine and kept in
# ${XDG_CACHE_HOME:-~/.cache}/nx-docker-release (private to the user), keyed by the package versions.
set -euo pipefail

[ $# -eq 3 ] || { echo "usage: $0 <registry-host> <user> <password-env-name>" >&2; exit 2; }
host=$1 user=$2 password_env=$3
password=${!password_env:-}
[ -n "$password" ] || { echo "go-toolchain-image: environment variable $password_env is not set or empty" >&2; exit 2; }

version=1.19
repo=toolchain/golang
ref="$host/$repo:$version"
goroot=/usr/lib/go-$version

# The registry holds it already? (curl reads the credentials from stdin, not its command line.)
accept='application/vnd.oci.image.manifest.v1+json,application/vnd.docker.distribution.manifest.v2+json'
status=$(printf 'user = "%s:%s"\n' "$user" "$password" |
  curl -s -o /dev/null -w '%{http_code}' -K - --head -H "Accept: $accept" "http://$host/v2/$repo/manifests/$version")
if [ "$status" = 200 ]; then
  echo "go-toolchain-image: $ref is in the registry already"
  exit 0
fi
[ -x "$goroot/bin/go" ] || { echo "go-toolchain-image: $goroot/bin/go is missing (run tools/setup.sh: golang-go)" >&2; exit 1; }

# The tarball: the toolchain, its sources (/usr/lib/go-1.19/src links to /usr/share/go-1.19/src),
# glibc's loader and libc (Debian's go is dynamically linked), the merged-/usr links and a /tmp.
# Sorted, with numeric owners: the same packages give the same layer, so BuildKit's cache of the
# build stage holds across registries and runs.
packages=$(dpkg-query -W -f='${Package}=${Version}\n' "golang-$version-go" "golang-$version-src" libc6 | sha256sum | cut -c1-16)
cache=${XDG_CACHE_HOME:-$HOME/.cache}/nx-docker-release
tarball=$cache/go-toolchain-$version-$packages.tar
work=$(mktemp -d)
cleanup() {
  docker image rm "$ref" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

if [ ! -f "$tarball" ]; then
  mkdir -p "$cache" && chmod 700 "$cache"
  mkdir -m 1777 "$work/tmp" && touch -d @0 "$work/tmp"
  tar --create --file="$work/toolchain.tar" --sort=name --numeric-owner --owner=0 --group=0 \
    -C / lib lib64 usr/lib64 "usr/lib/go-$version" "usr/share/go-$version" \
    usr/lib/x86_64-linux-gnu/libc.so.6 usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2 \
    -C "$work" tmp
  mv "$work/toolchain.tar" "$tarball"
fi

docker import --platform=linux/amd64 \
  --change="ENV PATH=$goroot/bin:/usr/local/bin:/usr/bin:/bin" \
  --message="Debian golang-go $version (tools/go-toolchain-image.sh)" \
  "$tarball" "$ref" >/dev/null
export DOCKER_CONFIG="$work/docker"
mkdir -m 700 "$DOCKER_CONFIG"
# docker login warns that the config holds the password: it is this run's own directory, removed below.
out=$(printf '%s' "$password" | docker login --username="$user" --password-stdin "$host" 2>&1) || { echo "$out" >&2; exit 1; }
docker push --quiet "$ref" >/dev/null
echo "go-toolchain-image: pushed $ref ($(($(stat -c %s "$tarball") / 1048576)) MB uncompressed)"
