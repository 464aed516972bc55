# Host-side VM launcher for the e2e tests (sourced by run.sh).

# Prints the accelerator arguments: KVM where the host has real virtualisation
# (kvm_intel/kvm_amd loaded and /dev/kvm usable), TCG otherwise.
e2e_accel_args() {
    if [ "${NUMA_AGENT_E2E_ACCEL:-auto}" != tcg ] && [ -w /dev/kvm ] \
        && grep -qE '^(kvm_intel|kvm_amd) ' /proc/modules 2>/dev/null; then
        printf '%s\n' -accel kvm -cpu host
    else
        printf '%s\n' -accel tcg,thread=multi -cpu max
    fi
}

# e2e_device_args SPEC DIR NODES: the QEMU arguments (one per line) of a test's
# "# e2e-device:" header, for a guest of NODES NUMA nodes; files go to DIR.
#   virtio-blk node=N [size=S]: a blank sparse raw disk of S (bytes or K, M, G; default
#   64M; DIR/device-disk.img) as a virtio-blk-pci device behind a PCI expander bridge
#   (pxb) whose numa_node is N. QEMU puts the bridge's root bus into the ACPI tables
#   with _PXM N, so the guest kernel gives the device and its disk (/dev/vda) numa_node
#   N and local_cpulist the CPUs of node N, as on a server with the device attached to
#   that node's socket. The guest's other PCI devices stay on the main root bus.
# Fails (status 1, message on stderr) on a spec it does not know.
e2e_device_args() {
    local spec=$1 dir=$2 nodes=$3 kind node="" size=64M word
    read -r kind spec <<< "$spec"
    [ "$kind" = virtio-blk ] || { echo "e2e-device: unknown device '$kind' (known: virtio-blk)" >&2; return 1; }
    for word in $spec; do
        case $word in
            node=*) node=${word#node=} ;;
            size=*) size=${word#size=} ;;
            *) echo "e2e-device: unknown option '$word' of virtio-blk (node=N, size=S)" >&2; return 1 ;;
        esac
    done
    [[ $node =~ ^[0-9]+$ ]] && [ "$node" -lt "$nodes" ] \
        || { echo "e2e-device: virtio-blk needs node=N with N below the guest's $nodes NUMA nodes, got '$node'" >&2; return 1; }
    [[ $size =~ ^[1-9][0-9]*[KMG]?$ ]] || { echo "e2e-device: size '$size' is not like 64M" >&2; return 1; }
    rm -f "$dir/device-disk.img"
    truncate -s "$size" "$dir/device-disk.img" || return 1
    # bus_nr 64: the expander's buses are numbered after the main root bus's (0 and nothing
    # below it); the disk sits directly on the expander's bus
    printf '%s\n' -device "pxb,id=e2e-pxb,bus=pci.0,bus_nr=64,numa_node=$node" \
        -drive "file=$dir/device-disk.img,if=none,id=e2e-disk,format=raw,cache=unsafe" \
        -device "virtio-blk-pci,drive=e2e-disk,bus=e2e-pxb,addr=0x1,serial=e2e-device"
}

# e2e_vm_run KERNEL INITRD TOPOLOGY_JSON RESULTS_DIR LOG TIMEOUT_S [QEMU_ARG...]
# Boots the guest, which runs RESULTS_DIR/job.sh; returns QEMU's exit status
# (124 when the timeout killed it). QEMU_ARGs (a test's devices) are added as given.
e2e_vm_run() {
    local kernel=$1 initrd=$2 topology=$3 results=$4 log=$5 timeout_s=$6
    shift 6
    local -a topo accel
    mapfile -t topo < <(python3 "$E2E_DIR/lib/topology2qemu.py" "$topology") || return 2
    [ ${#topo[@]} -gt 0 ] || return 2
    mapfile -t accel < <(e2e_accel_args)
    E2E_QEMU_CMD=(qemu-system-x86_64 -name numa-agent-e2e "${accel[@]}" "${topo[@]}"
        -kernel "$kernel" -initrd "$initrd"
        -append "console=ttyS0 quiet panic=-1 ${NUMA_AGENT_E2E_CMDLINE:-}"
        -no-reboot -nographic -monitor none -serial stdio -display none -vga none -nic none
        -virtfs "local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap,id=hostroot"
        -virtfs "local,path=$results,mount_tag=results,security_model=none,id=results" "$@")
    printf '%q ' "${E2E_QEMU_CMD[@]}" > "$log.cmd"
    # timeout sends TERM, then KILL 5 s later; run.sh's trap kills it on interruption
    timeout -k 5 "$timeout_s" "${E2E_QEMU_CMD[@]}" < /dev/null > "$log" 2>&1 &
    E2E_QEMU_PID=$!
    wait "$E2E_QEMU_PID"
    local rc=$?
    E2E_QEMU_PID=
    return $rc
}
