#!/bin/bash
# build-memtierd.sh SRC OUT: builds memtierd from its source (a git checkout or bare repository
# of github.com/intel/memtierd, at its HEAD) into OUT/memtierd, the way e2e builds tools: Debian's
# golang-go in GOPATH mode with Debian's packaged dependencies (golang-gopkg-yaml.v3-dev,
# golang-golang-x-sys-dev), no module downloads. Used by the scan-rate benchmark
# (tests/bench-tracker-scan-rate.sh), which compares the runner's idlepage tracker with
# memtierd's in the same guest.
set -euo pipefail
src=$1 out=$2
command -v go >/dev/null || { echo "build-memtierd: no go (apt-get install golang-go golang-gopkg-yaml.v3-dev golang-golang-x-sys-dev)" >&2; exit 1; }
gp=$(mktemp -d)
trap 'rm -rf "$gp"' EXIT
mkdir -p "$gp/src/github.com/intel"
if [ -d "$src/.git" ] || [ -f "$src/go.mod" ]; then
    cp -r "$src" "$gp/src/github.com/intel/memtierd"
else
    git --git-dir="$src" archive --prefix=memtierd/ HEAD | tar -x -C "$gp/src/github.com/intel"
fi
mkdir -p "$out"
out=$(cd "$out" && pwd)  # go build runs in the GOPATH copy: a relative OUT would land there
git -C "$src" rev-parse HEAD > "$out/memtierd.commit" 2>/dev/null || git --git-dir="$src" rev-parse HEAD > "$out/memtierd.commit"
(cd "$gp/src/github.com/intel/memtierd" && GO111MODULE=off GOPATH="$gp:/usr/share/gocode" GOCACHE="$gp/cache" \
    go build -o "$out/memtierd" ./cmd/memtierd)
echo "build-memtierd: $out/memtierd ($(go version | awk '{print $3}'))"
