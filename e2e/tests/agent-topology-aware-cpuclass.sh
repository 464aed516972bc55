# e2e-topology: fourNodeTwoSocket
# e2e-agent: yes
# e2e-timeout: 600
# CPU classes on a real kernel that has nothing they could change: the e2e guests (QEMU TCG)
# have no cpufreq driver, no cpuidle states and no intel_uncore_frequency, so no class can be
# applied here (the writes themselves are unit-tested on fixture trees: ExecutorCpuClassTest).
# What this shows on the real sysfs: with cpuClasses configured the agent reads the CPUs'
# power settings without a read warning, places the containers exactly as without classes
# (agent-topology-aware's expectations), makes no set-cpu-class or set-uncore-frequency
# decision, and says once why each class is not applied (the CPUs of one problem in one line). A second cycle decides nothing.
require_agent
cgroup2_setup
[ ! -e /sys/devices/system/cpu/cpu0/cpufreq ] && [ ! -e /sys/devices/system/cpu/cpu0/cpuidle ] \
    && [ ! -e /sys/devices/system/cpu/intel_uncore_frequency ] \
    || fail "this guest has cpufreq, cpuidle states or uncore frequency: extend the test to check the classes applied"
note "cpuidle driver: $(cat /sys/devices/system/cpu/cpuidle/current_driver 2>/dev/null || echo none)"
declare -A PID
for c in be bu g2; do
    cgroup2_task /e2e/$c
    bash -c 'echo $$ > "$1/cgroup.procs" && exec sleep 100000' sh /sys/fs/cgroup/e2e/$c &
    PID[$c]=$!
done
cat > /tmp/cfg.yaml <<'YAML'
paths: {sysfs: /sys, procfs: /proc, cgroupfs: /sys/fs/cgroup}
task_sources:
  - type: static
    tasks:
      - {cgroup: /e2e/be, qos: best-effort}
      - {cgroup: /e2e/bu, qos: burstable, resources: {cpu_request: 500m, memory_request: 64Mi, memory_limit: 128Mi}}
      - {cgroup: /e2e/g2, qos: guaranteed, resources: {cpu_request: 2, cpu_limit: 2, memory_request: 64Mi, memory_limit: 64Mi}}
plugins:
  - name: topology-aware
    interval: 1s
    config:
      cpuClasses:
        - {name: normal, minFreq: min, maxFreq: base, freqGovernor: powersave}
        - {name: turbo, minFreq: 2GHz, maxFreq: turbo, freqGovernor: performance, disabledCstates: [C6], uncoreMinFreq: 2GHz}
      sharedPoolCPUClass: normal
      defaultExclusiveCPUClass: turbo
executor: {apply: true, owners: {cpus: topology-aware, memory: topology-aware, cpu-class: topology-aware}}
telemetry: {prometheus: {enabled: false}}
YAML
check() {  # check NAME CPUS MEMS
    assert_eq "Cpus_allowed_list of /e2e/$1" "$2" "$(proc_status "${PID[$1]}" Cpus_allowed_list)"
    assert_eq "Mems_allowed_list of /e2e/$1" "$3" "$(proc_status "${PID[$1]}" Mems_allowed_list)"
}
rm -rf /tmp/numa-agent-state
agent_once /tmp/cfg.yaml /tmp/out1.jsonl
check be 2-3 1
check bu 6-7 2-3
check g2 4-5 2
assert_eq "set-cpu-class decisions" 0 "$(outcomes count /tmp/out1.jsonl type=set-cpu-class)"
assert_eq "set-uncore-frequency decisions" 0 "$(outcomes count /tmp/out1.jsonl type=set-uncore-frequency)"
[ "$(outcomes count /tmp/out1.jsonl status=failed)" = 0 ] || fail "failed outcomes"
[ "$(outcomes count /tmp/out1.jsonl status=rejected)" = 0 ] || fail "rejected outcomes"
grep -q "CPU classes: cpus 4-5 show neither cpufreq nor cpuidle states: class turbo not applied there" /tmp/out1.jsonl.err \
    || fail "no word on the class turbo of cpus 4-5"
grep -q "CPU classes: cpus [0-9,-]* show neither cpufreq nor cpuidle states: class normal not applied there" /tmp/out1.jsonl.err \
    || fail "no word on the class normal"
grep -q "CPU classes: no uncore frequency domain package_0[0-9]_die_0[0-9] (intel_uncore_frequency not loaded)" /tmp/out1.jsonl.err \
    || fail "no word on the missing uncore domain"
assert_eq "lines on the CPU classes (one per problem, CPUs named together)" 3 "$(grep -c 'CPU classes: ' /tmp/out1.jsonl.err)"
assert_eq "other log lines about cpufreq, cpuidle or uncore files (read problems)" 0 \
    "$(grep -v 'CPU classes:' /tmp/out1.jsonl.err | grep -c 'cpufreq\|cpuidle\|intel_uncore' || true)"
agent_once /tmp/cfg.yaml /tmp/out2.jsonl
assert_eq "applied outcomes of a second cycle" 0 "$(outcomes count /tmp/out2.jsonl status=applied)"
figure topology_aware_cpuclass_run_once_s "$AGENT_SECONDS"
kill "${PID[be]}" "${PID[bu]}" "${PID[g2]}"; wait 2>/dev/null || true
