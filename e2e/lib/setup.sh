#!/bin/bash
# Installs the host packages the e2e harness needs (idempotent: apt-get runs only
# when something is missing). Called by run.sh; safe to run by hand.
#   setup.sh                   QEMU, busybox and the tools that build the initramfs
#   setup.sh --kernel-build    what building the custom kernel needs (called by
#                              kernel/build-custom-kernel.sh before it builds)
set -euo pipefail
declare -A needed    # command (or header file) -> Debian package
if [ "${1:-}" = --kernel-build ]; then
    needed=(
        [make]=make
        [gcc]=gcc
        [flex]=flex
        [bison]=bison
        [bc]=bc
        [perl]=perl
        [xz]=xz-utils
        [dpkg-deb]=dpkg
        [/usr/include/libelf.h]=libelf-dev        # objtool (ORC unwinder)
        [/usr/include/openssl/evp.h]=libssl-dev   # scripts/sign-file, extract-cert
    )
else
    needed=(
        [qemu-system-x86_64]=qemu-system-x86
        [numactl]=numactl
        [cpio]=cpio
        [depmod]=kmod
        [gcc]=gcc
        [python3]=python3
        [xz]=xz-utils
        [file]=file
    )
fi
missing=()
for what in "${!needed[@]}"; do
    case "$what" in
        /*) [ -e "$what" ] || missing+=("${needed[$what]}") ;;
        *) command -v "$what" >/dev/null 2>&1 || missing+=("${needed[$what]}") ;;
    esac
done
# busybox-static provides the statically linked /bin/busybox copied into the initramfs
if [ "${1:-}" != --kernel-build ] && ! file -L /bin/busybox 2>/dev/null | grep -q 'statically linked'; then
    missing+=(busybox-static)
fi
if [ ${#missing[@]} -gt 0 ]; then
    mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
    echo "setup: installing ${missing[*]}" >&2
    if [ "$(id -u)" != 0 ]; then echo "setup: need root to apt-get install ${missing[*]}" >&2; exit 1; fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >&2
    apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
fi
