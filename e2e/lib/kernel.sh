# Host-side kernel and initramfs preparation for the e2e VMs (sourced by run.sh).
# Kernels are fetched with apt-get download and unpacked with dpkg -x into
# $E2E_CACHE; nothing is installed on the host.

E2E_CACHE=${NUMA_AGENT_E2E_CACHE:-/var/cache/numa-agent-e2e}
E2E_STOCK_META=${NUMA_AGENT_E2E_KERNEL_META:-linux-image-6.12-amd64}
# Modules the stock kernel needs before it can mount the shares (dependencies are added).
E2E_BOOT_MODULES="9pnet_virtio 9p overlay"

# Resolves the newest linux-image-6.12.*-amd64 package apt knows of.
e2e_stock_package() {
    local pkg
    pkg=$(apt-cache depends "$E2E_STOCK_META" 2>/dev/null | awk '$1 == "Depends:" && $2 ~ /^linux-image-/ {print $2; exit}')
    if [ -z "$pkg" ]; then
        apt-get update -q >&2 || true
        pkg=$(apt-cache depends "$E2E_STOCK_META" 2>/dev/null | awk '$1 == "Depends:" && $2 ~ /^linux-image-/ {print $2; exit}')
    fi
    echo "$pkg"
}

# Sets STOCK_VMLINUZ, STOCK_MODDIR and STOCK_KVER (downloads and unpacks once).
e2e_prepare_stock_kernel() {
    local pkg dir deb
    pkg=${NUMA_AGENT_E2E_KERNEL_PKG:-$(e2e_stock_package)}
    if [ -z "$pkg" ]; then
        # no package lists at all: fall back to what an earlier run unpacked
        dir=$(ls -d "$E2E_CACHE"/stock/linux-image-* 2>/dev/null | sort -V | tail -1)
        [ -n "$dir" ] || { echo "kernel: cannot resolve $E2E_STOCK_META with apt-cache" >&2; return 1; }
        pkg=$(basename "$dir")
    fi
    dir="$E2E_CACHE/stock/$pkg"
    if [ ! -f "$dir/.complete" ]; then
        echo "kernel: fetching $pkg" >&2
        mkdir -p "$E2E_CACHE/dl"
        deb=$(ls "$E2E_CACHE"/dl/"${pkg}"_*.deb 2>/dev/null | sort -V | tail -1)
        if [ -z "$deb" ]; then
            (cd "$E2E_CACHE/dl" && apt-get download -q "$pkg" >&2) || return 1
            deb=$(ls "$E2E_CACHE"/dl/"${pkg}"_*.deb | sort -V | tail -1)
        fi
        rm -rf "$dir"; mkdir -p "$dir"
        dpkg -x "$deb" "$dir" || return 1
        STOCK_KVER=$(ls "$dir/lib/modules" | head -1)
        depmod -b "$dir" "$STOCK_KVER" || return 1
        touch "$dir/.complete"
    fi
    STOCK_KVER=$(ls "$dir/lib/modules" | head -1)
    STOCK_VMLINUZ="$dir/boot/vmlinuz-$STOCK_KVER"
    STOCK_MODDIR="$dir/lib/modules/$STOCK_KVER"
    [ -f "$STOCK_VMLINUZ" ] || { echo "kernel: $STOCK_VMLINUZ missing" >&2; return 1; }
}

# Prints the module paths (relative to MODDIR) to load, dependencies first.
e2e_module_load_order() {
    local moddir=$1; shift
    python3 - "$moddir" "$@" <<'PY'
import os, sys
moddir, wanted = sys.argv[1], sys.argv[2:]
deps = {}
with open(os.path.join(moddir, "modules.dep")) as f:
    for line in f:
        path, _, rest = line.partition(":")
        deps[path] = rest.split()
by_name = {}
for path in deps:
    name = os.path.basename(path).split(".ko")[0]
    by_name[name.replace("-", "_")] = path
order = []
def visit(path):
    # modules.dep lists a module's full dependency closure, most basic last
    for dep in reversed(deps[path]):
        if dep not in order:
            order.append(dep)
    if path not in order:
        order.append(path)
for name in wanted:
    path = by_name.get(name.replace("-", "_"))
    if path is None:
        sys.exit(f"module {name} not found in {moddir}/modules.dep")
    visit(path)
print("\n".join(order))
PY
}

# e2e_build_initramfs OUT.cpio.gz [MODDIR]: busybox-static + guest init (+ modules).
e2e_build_initramfs() {
    local out=$1 moddir=${2:-} root rel base
    root=$(mktemp -d "${TMPDIR:-/tmp}/e2e-initramfs.XXXXXX")
    mkdir -p "$root"/{bin,dev,proc,sys,modules}
    cp /bin/busybox "$root/bin/busybox"
    cp "$E2E_DIR/lib/guest-init.sh" "$root/init"
    chmod 0755 "$root/init" "$root/bin/busybox"
    : > "$root/modules/load-order"
    if [ -n "$moddir" ]; then
        for rel in $(e2e_module_load_order "$moddir" $E2E_BOOT_MODULES) ; do
            base=$(basename "$rel")
            case "$base" in
                *.ko.xz) xz -dc "$moddir/$rel" > "$root/modules/${base%.xz}"; base=${base%.xz} ;;
                *.ko.zst) zstd -qdc "$moddir/$rel" > "$root/modules/${base%.zst}"; base=${base%.zst} ;;
                *.ko.gz) gzip -dc "$moddir/$rel" > "$root/modules/${base%.gz}"; base=${base%.gz} ;;
                *) cp "$moddir/$rel" "$root/modules/$base" ;;
            esac
            echo "$base" >> "$root/modules/load-order"
        done
    fi
    (cd "$root" && find . -print0 | cpio --null -o -H newc --quiet | gzip -1) > "$out.tmp" && mv "$out.tmp" "$out"
    local rc=$?
    rm -rf "$root"
    return $rc
}
