# e2e-topology: fourNodeTwoSocket
# e2e-device: virtio-blk node=3 size=64M
# e2e-agent: yes
# e2e-timeout: 900
# Topology hints from a real device: the guest has a virtio-blk disk behind a PCI expander
# bridge on NUMA node 3 (see "# e2e-device" in e2e/README.md), formatted ext4 here. Three
# best-effort containers, each a cgroup whose process has a mount namespace and a private
# /dev (a tmpfs with /dev/null) of its own, as a container runtime gives them:
#   mnt  the disk's filesystem mounted at /data (/proc/PID/mountinfo shows 254:N)
#   dev  the disk's device node /dev/vda in its /dev, nothing mounted
#   off  both, and the annotation topologyhints: false
# are placed in one `run --once` (apply): mnt and dev on node 3's shared CPUs, where the
# runner's hints (mountinfo, /proc/PID/root/dev, sysfs) pull them, off where a lone
# best-effort goes without hints (unit test: DeviceHintPlacementTest
# fourNodeTwoSocketE2eGuestDiskOnNodeThree). A second cycle changes nothing.
require_agent
cgroup2_setup
case "$E2E_TOPOLOGY" in
    fourNodeTwoSocket) want_off="2-3 1" ;;
    *) fail "no expectations for topology $E2E_TOPOLOGY" ;;
esac
disk_node=$(sed -n 's/.*node=\([0-9]*\).*/\1/p' <<< "$E2E_DEVICE")
[ -n "$disk_node" ] || fail "no node in the device header '$E2E_DEVICE'"
want_hint="$(node_cpus "$disk_node") $disk_node"

stock_modprobe virtio_blk
stock_modprobe ext4
[ -b /dev/vda ] || fail "no /dev/vda after loading virtio_blk: $(ls /sys/block)"
pci=$(readlink -f /sys/block/vda/device/..)
note "/dev/vda ($(cat /sys/block/vda/dev)) is $(readlink -f /sys/block/vda)"
assert_eq "numa_node of the disk's PCI device $pci" "$disk_node" "$(cat "$pci/numa_node")"
assert_eq "local_cpulist of $pci" "$(node_cpus "$disk_node")" "$(cat "$pci/local_cpulist")"
for d in /sys/bus/pci/devices/*; do
    [ "$(readlink -f "$d")" = "$pci" ] || [ "$(cat "$d/numa_node")" = -1 ] || [ "$(cat "$d/numa_node")" = "$disk_node" ] \
        || fail "$d has numa_node $(cat "$d/numa_node"): only the expander bridge's devices should have one"
done
mkfs.ext4 -q /dev/vda || fail "mkfs.ext4 /dev/vda failed"
mkdir -p /data
disk_dev=$(cat /sys/block/vda/dev)

# start_container NAME: a process in cgroup /e2e/NAME that unshares its mount namespace,
# sets up its mounts and /dev as NAME says, and then becomes `sleep` (the same pid)
declare -A PID
start_container() {
    local name=$1 setup="" devnodes="mknod -m 666 /dev/null c 1 3"
    case $name in
        mnt) setup="mount /dev/vda /data" ;;
        dev) devnodes+="; mknod -m 660 /dev/vda b ${disk_dev%:*} ${disk_dev#*:}" ;;
        off) setup="mount /dev/vda /data"; devnodes+="; mknod -m 660 /dev/vda b ${disk_dev%:*} ${disk_dev#*:}" ;;
    esac
    cgroup2_task "/e2e/$name"
    rm -f "/run/ready-$name"
    bash -c 'echo $$ > "$1/cgroup.procs" && exec unshare -m --propagation private bash -ec "$2"' sh \
        "/sys/fs/cgroup/e2e/$name" \
        "${setup:-:}; mount -t tmpfs -o mode=0755 dev /dev; $devnodes; touch /run/ready-$name; exec sleep 100000" &
    PID[$name]=$!
}
for c in mnt dev off; do start_container $c; done
deadline=$(( $(date +%s) + $(scaled 60) ))
for c in mnt dev off; do
    until [ -e "/run/ready-$c" ] && [ "$(cat "/proc/${PID[$c]}/comm" 2>/dev/null)" = sleep ]; do
        kill -0 "${PID[$c]}" 2>/dev/null || fail "container $c exited while setting up"
        [ "$(date +%s)" -lt $deadline ] || fail "container $c not set up after $(scaled 60) s"
        sleep 0.2
    done
    note "$c (pid ${PID[$c]}): $(awk '$5 == "/data" {print $3, $5, $9}' "/proc/${PID[$c]}/mountinfo"); /dev:" \
        "$(ls "/proc/${PID[$c]}/root/dev" | paste -sd' ')"
    assert_eq "cgroup.procs of /e2e/$c" "${PID[$c]}" "$(cat "/sys/fs/cgroup/e2e/$c/cgroup.procs")"
done
# the sources are what each container says: the mount only where mounted, the node only where made
assert_eq "the disk mounted in mnt" "$disk_dev" "$(awk '$5 == "/data" {print $3}' "/proc/${PID[mnt]}/mountinfo")"
assert_eq "the disk mounted in dev" "" "$(awk '$5 == "/data" {print $3}' "/proc/${PID[dev]}/mountinfo")"
assert_eq "the disk mounted in the test's namespace" "" "$(awk '$5 == "/data" {print $3}' /proc/self/mountinfo)"
[ ! -e "/proc/${PID[mnt]}/root/dev/vda" ] || fail "mnt's /dev has vda"
[ -b "/proc/${PID[dev]}/root/dev/vda" ] || fail "dev's /dev has no vda"

cat > /tmp/cfg.yaml <<CFG
paths: {sysfs: /sys, procfs: /proc, cgroupfs: /sys/fs/cgroup}
task_sources:
  - type: static
    tasks:
      - {cgroup: /e2e/mnt, qos: best-effort}
      - {cgroup: /e2e/dev, qos: best-effort}
      - {cgroup: /e2e/off, qos: best-effort, annotations: {topologyhints.resource-policy.nri.io: "false"}}
plugins: [{name: topology-aware, interval: 1s}]
executor: {apply: true, owners: {cpus: topology-aware, memory: topology-aware}}
telemetry: {prometheus: {enabled: false}}
CFG
sed 's/^/    config: /' /tmp/cfg.yaml
check() {  # check NAME "CPUS MEMS"
    local cpus=${2% *} mems=${2#* }
    assert_eq "Cpus_allowed_list of /e2e/$1" "$cpus" "$(proc_status "${PID[$1]}" Cpus_allowed_list)"
    assert_eq "Mems_allowed_list of /e2e/$1" "$mems" "$(proc_status "${PID[$1]}" Mems_allowed_list)"
}
rm -rf /tmp/numa-agent-state
agent_once /tmp/cfg.yaml /tmp/out1.jsonl
check mnt "$want_hint"
check dev "$want_hint"
check off "$want_off"
[ "$(outcomes count /tmp/out1.jsonl status=failed)" = 0 ] || fail "failed outcomes in the first cycle"
[ "$(outcomes count /tmp/out1.jsonl status=rejected)" = 0 ] || fail "rejected outcomes in the first cycle"
figure topology_aware_hints_run_once_s "$AGENT_SECONDS"
agent_once /tmp/cfg.yaml /tmp/out2.jsonl
assert_eq "applied outcomes of a second cycle" 0 "$(outcomes count /tmp/out2.jsonl status=applied)"
check mnt "$want_hint"
check off "$want_off"
kill "${PID[mnt]}" "${PID[dev]}" "${PID[off]}"; wait 2>/dev/null || true
