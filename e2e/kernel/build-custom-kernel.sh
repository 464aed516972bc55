#!/bin/bash
# Builds the custom e2e kernel (idle page tracking, cgroup v1 cpuset/memory files,
# 9p + overlay built in) from Debian's linux-source-6.12 package and caches the
# bzImage outside the work tree, keyed by source version + recipe + fragment hash.
# The config is allnoconfig + kernel/configs/kvm_guest.config + custom.config: only
# what the guest uses, so that it builds in minutes (see e2e/README.md for times).
# Installs the build packages it needs (lib/setup.sh --kernel-build).
# Prints the path of the cached bzImage on stdout; progress goes to stderr.
# --cached-only: print the cached path (or nothing) without building.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
CACHE=${NUMA_AGENT_E2E_CACHE:-/var/cache/numa-agent-e2e}
SRC_PKG=${NUMA_AGENT_E2E_SRC_PKG:-linux-source-6.12}
FRAGMENT="$HERE/custom.config"
JOBS=${JOBS:-$(nproc)}
# bump RECIPE when the steps below change what gets built
RECIPE="allnoconfig+kvm_guest.config+fragment v2"

log() { echo "build-custom-kernel: $*" >&2; }

cached() {  # prints the newest cached bzImage of this recipe and fragment, if any
    local hash
    hash=$( (echo "$RECIPE"; cat "$FRAGMENT") | sha256sum | cut -c1-12)
    ls -d "$CACHE"/custom-kernel/*-"$hash"/bzImage 2>/dev/null | sort -V | tail -1
}
built=$(cached || true)
if [ -n "$built" ] || [ "${1:-}" = --cached-only ]; then
    [ -z "$built" ] || echo "$built"
    exit 0
fi

overall_start=$(date +%s)
"$HERE/../lib/setup.sh" --kernel-build
mkdir -p "$CACHE/dl"
deb=$(ls "$CACHE"/dl/${SRC_PKG}_*_all.deb 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$deb" ]; then
    log "downloading $SRC_PKG"
    (cd "$CACHE/dl" && apt-get download "$SRC_PKG" >&2) || {
        apt-get update -q >&2 && (cd "$CACHE/dl" && apt-get download "$SRC_PKG" >&2); }
    deb=$(ls "$CACHE"/dl/${SRC_PKG}_*_all.deb | sort -V | tail -1)
fi
version=$(dpkg-deb -f "$deb" Version)
hash=$( (echo "$RECIPE"; cat "$FRAGMENT") | sha256sum | cut -c1-12)
out="$CACHE/custom-kernel/${version}-${hash}"

work="$CACHE/build/${version}-${hash}"
if [ ! -d "$work/src" ]; then
    log "unpacking $deb"
    rm -rf "$work"; mkdir -p "$work/pkg"
    dpkg -x "$deb" "$work/pkg"
    tarball=$(ls "$work"/pkg/usr/src/linux-source-*.tar.xz)
    mkdir -p "$work/src.tmp"
    tar -C "$work/src.tmp" --strip-components=1 -xJf "$tarball"
    rm -rf "$work/pkg"
    mv "$work/src.tmp" "$work/src"
fi
cd "$work/src"
log "configuring (allnoconfig + kvm_guest.config + $(basename "$FRAGMENT"))"
# -n: allnoconfig as the base, so that only the fragments' options (and what they
# select) are on
./scripts/kconfig/merge_config.sh -n kernel/configs/kvm_guest.config "$FRAGMENT" > "$work/config.log" 2>&1 \
    || { tail -20 "$work/config.log" >&2; exit 1; }
make -s olddefconfig >&2
missing=0
while read -r line; do
    case "$line" in
        CONFIG_*=*)
            if ! grep -qx -- "$line" .config; then log "config not applied: $line"; missing=1; fi ;;
    esac
done < "$FRAGMENT"
[ $missing = 0 ] || { log "fragment options did not survive olddefconfig (a dependency is missing from it)"; exit 1; }
log "building bzImage with -j$JOBS (started $(date +%T))"
start=$(date +%s)
nice -n 19 make -j"$JOBS" bzImage >"$work/build.log" 2>&1 || { tail -40 "$work/build.log" >&2; exit 1; }
build_s=$(( $(date +%s) - start ))
log "compiled in ${build_s}s; $(( $(date +%s) - overall_start ))s with packages, download and unpacking"
mkdir -p "$out.tmp"
cp arch/x86/boot/bzImage "$out.tmp/bzImage"
cp .config "$out.tmp/config"
echo "$build_s" > "$out.tmp/build-seconds"
echo "$(( $(date +%s) - overall_start ))" > "$out.tmp/total-seconds"
rm -rf "$out"; mv "$out.tmp" "$out"
rm -rf "$work"
echo "$out/bzImage"
