# e2e-topology: fourNodeTwoSocket twoNodePlusTwoCpuless
# e2e-agent: yes
# e2e-timeout: 900
# The topology-aware plugin placing the containers of one pod on a real kernel (cgroup v2):
# a static pod task /e2e/pod1 lists three containers, each a sub-cgroup with a process: a
# guaranteed 2-CPU app, a burstable sidecar (100m, limit 500m) and a best-effort logger.
# `run --once` (apply: true) writes each container's cpuset.cpus / cpuset.mems into its own
# sub-cgroup and the union into the pod's cgroup; the files and the processes'
# Cpus_allowed_list / Mems_allowed_list must be exactly what the reference's rules give (the
# same placement is the unit test PodContainersTest.e2eGuestPodOfThreeContainers). With the cpu
# controller enabled, each container's cpu.weight is its grant's shares as runc converts them
# (app 2 exclusive CPUs: 2048 shares, weight 79; sidecar 100m: 102, weight 4; logger: 2,
# weight 1), and the pod's own cgroup keeps the kernel's default 100. Then the agent is started
# again (a new process, grants read back from the state directory): no decision is applied.
require_agent
cgroup2_setup
case "$E2E_TOPOLOGY" in
    fourNodeTwoSocket)
        want_app="2-3 1"; want_sidecar="4-5 2"; want_logger="6-7 3"; want_pod="2-7 1-3" ;;
    twoNodePlusTwoCpuless)
        want_app="2-3 1"; want_sidecar="1 0"; want_logger="1 0"; want_pod="1-3 0-1" ;;
    *) fail "no expectations for topology $E2E_TOPOLOGY" ;;
esac
declare -A PID
declare -A WEIGHT=([app]=79 [sidecar]=4 [logger]=1)
for c in app sidecar logger; do
    cgroup2_task /e2e/pod1/$c
    for p in "" /e2e /e2e/pod1; do echo +cpu > "/sys/fs/cgroup$p/cgroup.subtree_control"; done
    bash -c 'echo $$ > "$1/cgroup.procs" && exec sleep 100000' sh /sys/fs/cgroup/e2e/pod1/$c &
    PID[$c]=$!
done
cat > /tmp/cfg.yaml <<'YAML'
paths: {sysfs: /sys, procfs: /proc, cgroupfs: /sys/fs/cgroup}
task_sources:
  - type: static
    tasks:
      - cgroup: /e2e/pod1
        containers:
          - {name: app, qos: guaranteed, resources: {cpu_request: 2, cpu_limit: 2, memory_request: 64Mi, memory_limit: 64Mi}}
          - {name: sidecar, qos: burstable, resources: {cpu_request: 100m, cpu_limit: 500m, memory_request: 16Mi, memory_limit: 32Mi}}
          - {name: logger, qos: best-effort}
plugins: [{name: topology-aware, interval: 1s}]
executor: {apply: true, owners: {cpus: topology-aware, memory: topology-aware}}
telemetry: {prometheus: {enabled: false}}
YAML
sed 's/^/    config: /' /tmp/cfg.yaml
check_files() {  # check_files CGROUP "CPUS MEMS": what the agent wrote into the cgroup's files
    assert_eq "cpuset.cpus of $1" "${2% *}" "$(cat "/sys/fs/cgroup$1/cpuset.cpus")"
    assert_eq "cpuset.mems of $1" "${2#* }" "$(cat "/sys/fs/cgroup$1/cpuset.mems")"
}
check() {  # check CONTAINER "CPUS MEMS": its sub-cgroup's files (cpu.weight too) and its process
    check_files "/e2e/pod1/$1" "$2"
    assert_eq "cpu.weight of /e2e/pod1/$1" "${WEIGHT[$1]}" "$(cat "/sys/fs/cgroup/e2e/pod1/$1/cpu.weight")"
    assert_eq "Cpus_allowed_list of $1" "${2% *}" "$(proc_status "${PID[$1]}" Cpus_allowed_list)"
    assert_eq "Mems_allowed_list of $1" "${2#* }" "$(proc_status "${PID[$1]}" Mems_allowed_list)"
}
rm -rf /tmp/numa-agent-state
agent_once /tmp/cfg.yaml /tmp/out1.jsonl
[ "$(outcomes count /tmp/out1.jsonl status=failed)" = 0 ] || fail "failed outcomes in the first cycle"
[ "$(outcomes count /tmp/out1.jsonl status=rejected)" = 0 ] || fail "rejected outcomes in the first cycle"
check app "$want_app"
check sidecar "$want_sidecar"
check logger "$want_logger"
check_files /e2e/pod1 "$want_pod"
assert_eq "cpu.weight of /e2e/pod1" 100 "$(cat /sys/fs/cgroup/e2e/pod1/cpu.weight)"
assert_eq "set-cpu-shares applied" 3 "$(outcomes count /tmp/out1.jsonl status=applied action=set-cpu-shares)"
figure topology_aware_pod_run_once_s "$AGENT_SECONDS"

agent_once /tmp/cfg.yaml /tmp/out2.jsonl
assert_eq "applied outcomes after a restart" 0 "$(outcomes count /tmp/out2.jsonl status=applied)"
assert_eq "failed outcomes after a restart" 0 "$(outcomes count /tmp/out2.jsonl status=failed)"
check app "$want_app"
check sidecar "$want_sidecar"
check logger "$want_logger"
check_files /e2e/pod1 "$want_pod"
kill "${PID[app]}" "${PID[sidecar]}" "${PID[logger]}"; wait 2>/dev/null || true
