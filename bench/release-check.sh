#!/usr/bin/env bash
# Release check: `goreleaser check` on .goreleaser.yaml, then a snapshot build
# of the host target only, into a temporary dist dir (the tree stays clean),
# and `envdeck --version` must print the stamped version and commit.
# Installs goreleaser into $(go env GOPATH)/bin when missing (needs the Go
# module proxy once). Called by .ci/run.
set -euo pipefail

GORELEASER_VERSION=${GORELEASER_VERSION:-v2.16.0}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

gobin=$(go env GOPATH)/bin
export PATH="$gobin:$PATH"
if ! command -v goreleaser >/dev/null 2>&1; then
  echo "release-check: installing goreleaser $GORELEASER_VERSION into $gobin" >&2
  go install "github.com/goreleaser/goreleaser/v2@$GORELEASER_VERSION"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Same config, dist dir moved out of the tree.
{ cat .goreleaser.yaml; printf '\ndist: %s\n' "$tmp/dist"; } >"$tmp/goreleaser.yaml"

# goreleaser ignores the whole git state (commit = "none") in snapshot mode
# when the repository has no remote. Give git one for this process only,
# through environment config: the repository's own config is not touched.
if [[ -z "$(git remote 2>/dev/null)" ]]; then
  export GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=remote.origin.url GIT_CONFIG_VALUE_0=https://github.com/envdeck/envdeck.git
fi

goreleaser check --config .goreleaser.yaml
GOOS=${GOOS:-$(go env GOOS)} GOARCH=${GOARCH:-$(go env GOARCH)} \
  goreleaser build --config "$tmp/goreleaser.yaml" --snapshot --clean --single-target --output "$tmp/envdeck"

out=$("$tmp/envdeck" --version)
echo "release-check: envdeck --version: $out"
commit=$(git rev-parse --short HEAD 2>/dev/null || true)
if [[ "$out" != *next* ]]; then
  echo "release-check: --version does not show the stamped snapshot version: $out" >&2
  exit 1
fi
if [[ -n "$commit" && "$out" != *"$commit"* ]]; then
  echo "release-check: --version does not show commit $commit: $out" >&2
  exit 1
fi
echo "release-check: ok"
