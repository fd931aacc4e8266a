#!/usr/bin/env bash
# Release check: `goreleaser check` on .goreleaser.yaml, then a snapshot
# release (nothing published) of linux/amd64 into ./dist (ignored by git, and
# removed afterwards), and checks what people install: the archive with
# completions and the man page, deb and rpm, an SPDX SBOM per archive, the
# Homebrew cask, the stamped `envdeck version -o json` and the binary's size.
# The Scoop manifest needs a Windows build: `goreleaser check` validates its
# configuration, the full release generates it.
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

[[ ! -e dist ]] || { echo "release-check: ./dist exists; remove it first" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp" dist completions manpages' EXIT
dist="$root/dist"
# Same config, one target: linux/amd64.
sed -e 's/goos: \[linux, darwin, windows\]/goos: [linux]/' -e 's/goarch: \[amd64, arm64\]/goarch: [amd64]/' .goreleaser.yaml >"$tmp/goreleaser.yaml"
grep -q 'goos: \[linux\]' "$tmp/goreleaser.yaml" && grep -q 'goarch: \[amd64\]' "$tmp/goreleaser.yaml" ||
  { echo "release-check: could not narrow the targets" >&2; exit 1; }

# goreleaser ignores the whole git state (commit = "none") in snapshot mode
# when the repository has no remote. Give git one for this process only,
# through environment config: the repository's own config is not touched.
if [[ -z "$(git remote 2>/dev/null)" ]]; then
  export GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=remote.origin.url GIT_CONFIG_VALUE_0=https://github.com/envdeck/envdeck.git
fi

goreleaser check --config .goreleaser.yaml
goreleaser release --config "$tmp/goreleaser.yaml" --snapshot --clean --skip=publish,sign,scoop

fail() { echo "release-check: $*" >&2; exit 1; }
need() { compgen -G "$1" >/dev/null || fail "missing $2 ($1)"; }
need "$dist/*linux_amd64.tar.gz" "linux archive"
need "$dist/*.deb" "deb package"
need "$dist/*.rpm" "rpm package"
need "$dist/homebrew/Casks/envdeck.rb" "Homebrew cask"
for a in "$dist"/*.tar.gz; do
  sbom="$a.spdx.json"
  [[ -f "$sbom" ]] || fail "no SBOM for $(basename "$a")"
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["spdxVersion"]=="SPDX-2.3" and any(p["name"]=="github.com/aws/aws-sdk-go-v2" for p in d["packages"]), "bad SBOM"' "$sbom" || fail "SBOM $sbom is not an SPDX document listing the SDK"
done
linux=$(ls "$dist"/*linux_amd64.tar.gz | head -1)
listing=$(tar -tzf "$linux")
for f in envdeck LICENSE completions/envdeck.bash completions/envdeck.zsh completions/envdeck.fish manpages/envdeck.1.gz; do
  grep -qx "$f" <<<"$listing" || fail "$f is not in $(basename "$linux")"
done
deb=$(ls "$dist"/*.deb | head -1)
if command -v dpkg-deb >/dev/null 2>&1; then
  # Read the listing whole: grep -q would stop reading and break dpkg-deb's pipe.
  deb_listing=$(dpkg-deb -c "$deb")
  grep -q './usr/share/man/man1/envdeck.1.gz' <<<"$deb_listing" || fail "the deb carries no man page"
  grep -q './usr/share/bash-completion/completions/envdeck' <<<"$deb_listing" || fail "the deb carries no bash completion"
fi

mkdir -p "$tmp/x" && tar -xzf "$linux" -C "$tmp/x"
out=$("$tmp/x/envdeck" version -o json)
echo "release-check: envdeck version -o json: $out"
commit=$(git rev-parse HEAD 2>/dev/null || true)
python3 -c '
import json, sys
v = json.loads(sys.argv[1])
assert "next" in v["version"], "version not stamped: %s" % v["version"]
assert v["commit"] and v["commit"] != "none", "commit not stamped"
assert v["date"] and v["date"] != "unknown", "date not stamped"
assert not sys.argv[2] or sys.argv[2].startswith(v["commit"]) or v["commit"].startswith(sys.argv[2][:7]), "commit %s is not HEAD %s" % (v["commit"], sys.argv[2])
' "$out" "$commit" || fail "envdeck version -o json is not stamped"
"$tmp/x/envdeck" --version | grep -q next || fail "--version does not show the stamped version"

# Size budget of the stripped linux/amd64 binary: 17.4 MB measured when the
# version template went (33.3 MB before; 20 MB is 60 % of that), 18.96 MB
# with the S3 client and the SDK built without inlining: room for features,
# not for an accidental text/template or an unused SDK client.
size=$(stat -c %s "$tmp/x/envdeck" 2>/dev/null || stat -f %z "$tmp/x/envdeck")
echo "release-check: binary size $size bytes (budget 20000000)"
(( size <= 20000000 )) || fail "the release binary is $size bytes, over the 20 MB budget"
echo "release-check: ok"
