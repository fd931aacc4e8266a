#!/usr/bin/env bash
# Generates what the release archives and packages carry besides the binary:
# shell completions and the envdeck(1) man page, from the command tree itself
# (so they never disagree with --help). Called by goreleaser's before hook.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf completions manpages
mkdir -p completions manpages
go build -o "${TMPDIR:-/tmp}/envdeck-assets" ./cmd/envdeck
bin="${TMPDIR:-/tmp}/envdeck-assets"
for sh in bash zsh fish; do
  "$bin" completion "$sh" >"completions/envdeck.$sh"
done
"$bin" man | gzip -9n >manpages/envdeck.1.gz
rm -f "$bin"
