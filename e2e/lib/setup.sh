#!/bin/bash
# Installs the host packages the e2e harness needs (idempotent: apt-get runs only
# when a command is missing). Called by run.sh; safe to run by hand.
set -euo pipefail
declare -A needed=(
    [qemu-system-x86_64]=qemu-system-x86
    [numactl]=numactl
    [cpio]=cpio
    [depmod]=kmod
    [gcc]=gcc
    [python3]=python3
    [xz]=xz-utils
)
missing=()
for cmd in "${!needed[@]}"; do
    command -v "$cmd" >/dev/null 2>&1 || missing+=("${needed[$cmd]}")
done
# busybox-static provides the statically linked /bin/busybox copied into the initramfs
if ! file -L /bin/busybox 2>/dev/null | grep -q 'statically linked'; then
    missing+=(busybox-static file)
fi
command -v file >/dev/null 2>&1 || missing+=(file)
if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing ${missing[*]}" >&2
    if [ "$(id -u)" != 0 ]; then echo "setup: need root to apt-get install ${missing[*]}" >&2; exit 1; fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >&2
    apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
fi
