# e2e-topology: fourNodeTwoSocket twoNodePlusTwoCpuless
# e2e-agent: yes
# e2e-timeout: 900
# The topology-aware plugin on a real kernel (cgroup v2): a best-effort, a burstable
# (500m, no CPU limit) and a guaranteed 2-CPU container, each a cgroup with a process,
# placed in that order by `run --once` (apply: true). Their processes' Cpus_allowed_list
# and Mems_allowed_list must be what the reference's rules give (the same sequences are
# unit tests: PlacementSequenceTest "fourNodeTwoSocket (e2e guest)" and
# "twoNodePlusTwoCpuless (e2e guest)"). A second cycle changes nothing. Then the
# guaranteed container goes away; the next cycle (a new agent process, its grants read
# back from the state directory) gives its CPUs back to the shared containers.
require_agent
cgroup2_setup
case "$E2E_TOPOLOGY" in
    fourNodeTwoSocket)
        want_be="2-3 1"; want_bu="6-7 2-3"; want_g2="4-5 2"; after_be="2-3 1"; after_bu="4-7 2-3" ;;
    twoNodePlusTwoCpuless)
        want_be="3 1"; want_bu="3 0-1"; want_g2="1-2 0-1"; after_be="2-3 1"; after_bu="1-3 0-1" ;;
    *) fail "no expectations for topology $E2E_TOPOLOGY" ;;
esac
declare -A PID
for c in be bu g2; do
    cgroup2_task /e2e/$c
    bash -c 'echo $$ > "$1/cgroup.procs" && exec sleep 100000' sh /sys/fs/cgroup/e2e/$c &
    PID[$c]=$!
done
write_config() {  # write_config FILE TASKS...
    local file=$1; shift
    {
        echo "paths: {sysfs: /sys, procfs: /proc, cgroupfs: /sys/fs/cgroup}"
        echo "task_sources:"
        echo "  - type: static"
        echo "    tasks:"
        for t in "$@"; do
            case $t in
                be) echo "      - {cgroup: /e2e/be, qos: best-effort}" ;;
                bu) echo "      - {cgroup: /e2e/bu, qos: burstable, resources: {cpu_request: 500m, memory_request: 64Mi, memory_limit: 128Mi}}" ;;
                g2) echo "      - {cgroup: /e2e/g2, qos: guaranteed, resources: {cpu_request: 2, cpu_limit: 2, memory_request: 64Mi, memory_limit: 64Mi}}" ;;
            esac
        done
        echo "plugins: [{name: topology-aware, interval: 1s}]"
        echo "executor: {apply: true, owners: {cpus: topology-aware, memory: topology-aware}}"
        echo "telemetry: {prometheus: {enabled: false}}"
    } > "$file"
    sed 's/^/    config: /' "$file"
}
check() {  # check NAME "CPUS MEMS"
    local cpus=${2% *} mems=${2#* }
    assert_eq "Cpus_allowed_list of /e2e/$1" "$cpus" "$(proc_status "${PID[$1]}" Cpus_allowed_list)"
    assert_eq "Mems_allowed_list of /e2e/$1" "$mems" "$(proc_status "${PID[$1]}" Mems_allowed_list)"
}
rm -rf /tmp/numa-agent-state
write_config /tmp/cfg.yaml be bu g2
agent_once /tmp/cfg.yaml /tmp/out1.jsonl
check be "$want_be"
check bu "$want_bu"
check g2 "$want_g2"
[ "$(outcomes count /tmp/out1.jsonl status=failed)" = 0 ] || fail "failed outcomes in the first cycle"
[ "$(outcomes count /tmp/out1.jsonl status=rejected)" = 0 ] || fail "rejected outcomes in the first cycle"
agent_once /tmp/cfg.yaml /tmp/out2.jsonl
assert_eq "applied outcomes of a second cycle" 0 "$(outcomes count /tmp/out2.jsonl status=applied)"

kill "${PID[g2]}"; wait "${PID[g2]}" 2>/dev/null || true
rmdir /sys/fs/cgroup/e2e/g2
write_config /tmp/cfg2.yaml be bu
agent_once /tmp/cfg2.yaml /tmp/out3.jsonl
check be "$after_be"
check bu "$after_bu"
figure topology_aware_run_once_s "$AGENT_SECONDS"
kill "${PID[be]}" "${PID[bu]}"; wait 2>/dev/null || true
