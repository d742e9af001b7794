#!/usr/bin/env bash
# npm run pack: builds the plugin and packs it as npm would publish it; prints the tarball's path.
# The tarball must hold only what a user needs (LICENSE, README, compiled code, schemas): a spec,
# a test fixture or TypeScript source in it stops the script.
set -euo pipefail
cd "$(dirname "$0")/.."
npx nx run nx-docker-release:build --skip-nx-cache --output-style=static >/dev/null
mkdir -p dist
rm -f dist/nx-docker-release-*.tgz
name=$(cd dist/packages/nx-docker-release && npm pack --silent --pack-destination ../..)
tarball="$PWD/dist/$name"
listing=$(tar -tzf "$tarball")
unwanted=$(echo "$listing" | grep -E '\.spec\.(js|ts|d\.ts)$|/fixtures/|/corpus/|/e2e/|[^d]\.ts$' || true)
if [ -n "$unwanted" ]; then
  echo "pack: the tarball holds files a user does not need:" >&2
  echo "$unwanted" >&2
  exit 1
fi
for needed in package/LICENSE package/README.md package/package.json package/executors.json package/generators.json package/src/executors/docker-release/schema.json; do
  grep -qx "$needed" <<<"$listing" || { echo "pack: the tarball lacks ${needed#package/}" >&2; exit 1; }
done
echo "$tarball"
