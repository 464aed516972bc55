# e2e-topology: twoNode twoNodePlusTwoCpuless fourNodeTwoSocket
# e2e-timeout: 120
# Proves the VM plumbing: the guest kernel sees exactly the NUMA topology of the
# topology JSON (node count, CPUs per node, memory per node, SLIT distances), read
# from sysfs, /proc/zoneinfo and numactl -H.
# expected values as shell arrays: WANT_CPUS[n] ("0 1"), WANT_MIB[n], WANT_DIST[n] ("10 21")
eval "$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
for n in d["nodes"]:
    i = n["id"]
    cpus = " ".join(map(str, n["cpus"]))
    dist = " ".join(map(str, d["distances"][i]))
    print("WANT_CPUS[%d]=\"%s\" WANT_MIB[%d]=%d WANT_DIST[%d]=\"%s\"" % (i, cpus, i, n["mem_mib"], i, dist))
' "$E2E_RESULTS/topology.json")"
nodes=${#WANT_MIB[@]}
numactl -H > /tmp/numactl.txt
cat /tmp/numactl.txt
assert_eq "online nodes" "0-$((nodes - 1))" "$(cat /sys/devices/system/node/online)"
assert_eq "numactl available line" "available: $nodes nodes (0-$((nodes - 1)))" "$(head -1 /tmp/numactl.txt)"
# pages each node really has (zoneinfo "present", MiB)
declare -A present
while read -r node mib; do present[$node]=$mib; done < <(awk '
    /^Node/ {node = $2; sub(",", "", node)} $1 == "present" {p[node] += $2}
    END {for (n in p) print n, int(p[n] * 4 / 1024 + 0.5)}' /proc/zoneinfo)
for n in $(seq 0 $((nodes - 1))); do
    want_cpus=${WANT_CPUS[$n]}
    assert_eq "node $n cpus" "node $n cpus:${want_cpus:+ $want_cpus}" "$(grep "^node $n cpus:" /tmp/numactl.txt | sed 's/ *$//')"
    want_mib=${WANT_MIB[$n]}
    # the configured size less the few BIOS/legacy holes, well under 2 MiB
    [ "${present[$n]}" -le "$want_mib" ] && [ "${present[$n]}" -ge $((want_mib - 2)) ] \
        || fail "node $n has ${present[$n]} MiB present, configured $want_mib MiB"
    note "ok: node $n present memory ${present[$n]} MiB (configured $want_mib MiB)"
    # numactl's size is MemTotal: less what the kernel reserved on the node (struct
    # pages, its own image, swiotlb below 4 GiB); accept up to 15 % less
    got_mib=$(sed -n "s/^node $n size: \([0-9]*\) MB/\1/p" /tmp/numactl.txt)
    [ "$got_mib" -le "$want_mib" ] && [ "$got_mib" -ge $((want_mib * 85 / 100)) ] \
        || fail "node $n size ${got_mib} MB not within 15 % below ${want_mib} MB"
    note "ok: node $n size $got_mib MB"
    assert_eq "node $n distances" "${WANT_DIST[$n]}" "$(cat "/sys/devices/system/node/node$n/distance")"
done
