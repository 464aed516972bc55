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

# e2e_vm_run KERNEL INITRD TOPOLOGY_JSON RESULTS_DIR LOG TIMEOUT_S
# Boots the guest, which runs RESULTS_DIR/job.sh; returns QEMU's exit status
# (124 when the timeout killed it).
e2e_vm_run() {
    local kernel=$1 initrd=$2 topology=$3 results=$4 log=$5 timeout_s=$6
    local -a topo accel
    mapfile -t topo < <(python3 "$E2E_DIR/lib/topology2qemu.py" "$topology") || return 2
    [ ${#topo[@]} -gt 0 ] || return 2
    mapfile -t accel < <(e2e_accel_args)
    E2E_QEMU_CMD=(qemu-system-x86_64 -name numa-agent-e2e "${accel[@]}" "${topo[@]}"
        -kernel "$kernel" -initrd "$initrd"
        -append "console=ttyS0 quiet panic=-1 ${NUMA_AGENT_E2E_CMDLINE:-}"
        -no-reboot -nographic -monitor none -serial stdio -display none -vga none -nic none
        -virtfs "local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap,id=hostroot"
        -virtfs "local,path=$results,mount_tag=results,security_model=none,id=results")
    printf '%q ' "${E2E_QEMU_CMD[@]}" > "$log.cmd"
    # timeout sends TERM, then KILL 5 s later; run.sh's trap kills it on interruption
    timeout -k 5 "$timeout_s" "${E2E_QEMU_CMD[@]}" < /dev/null > "$log" 2>&1 &
    E2E_QEMU_PID=$!
    wait "$E2E_QEMU_PID"
    local rc=$?
    E2E_QEMU_PID=
    return $rc
}
