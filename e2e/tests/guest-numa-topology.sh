# e2e-topology: twoNode twoNodePlusTwoCpuless fourNodeTwoSocket
# e2e-timeout: 120
# Proves the VM plumbing: the guest kernel sees exactly the NUMA topology of the
# topology JSON (node count, CPUs per node, memory per node, SLIT distances), read
# from sysfs and from numactl -H.
nodes=$(expected 'len(d["nodes"])')
assert_eq "online nodes" "0-$((nodes - 1))" "$(cat /sys/devices/system/node/online)"
numactl -H
assert_eq "numactl available line" "available: $nodes nodes (0-$((nodes - 1)))" "$(numactl -H | head -1)"
for n in $(seq 0 $((nodes - 1))); do
    want_cpus=$(expected "' '.join(map(str, d['nodes'][$n]['cpus']))")
    assert_eq "node $n cpus" "node $n cpus:${want_cpus:+ $want_cpus}" "$(numactl -H | grep "^node $n cpus:" | sed 's/ *$//')"
    want_mib=$(expected "d['nodes'][$n]['mem_mib']")
    # pages the node really has (zoneinfo "present"): the configured size less the
    # few BIOS/legacy holes, which are well under 2 MiB
    present_mib=$(awk -v n="$n" '/^Node/ {cur = ($2 == n ",")} cur && $1 == "present" {p += $2} END {print int(p * 4 / 1024 + 0.5)}' /proc/zoneinfo)
    [ "$present_mib" -le "$want_mib" ] && [ "$present_mib" -ge $((want_mib - 2)) ] \
        || fail "node $n has $present_mib MiB present, configured $want_mib MiB"
    note "ok: node $n present memory $present_mib MiB (configured $want_mib MiB)"
    # numactl's size is MemTotal: less what the kernel reserved on the node (struct
    # pages, its own image and swiotlb below 4 GiB); accept up to 15 % less
    got_mib=$(numactl -H | sed -n "s/^node $n size: \([0-9]*\) MB/\1/p")
    [ "$got_mib" -le "$want_mib" ] && [ "$got_mib" -ge $((want_mib * 85 / 100)) ] \
        || fail "node $n size ${got_mib} MB not within 15 % below ${want_mib} MB"
    note "ok: node $n size $got_mib MB"
    want_dist=$(expected "' '.join(map(str, d['distances'][$n]))")
    assert_eq "node $n distances" "$want_dist" "$(cat /sys/devices/system/node/node$n/distance)"
done
