# e2e-topology: fourNodeTwoSocket
# e2e-agent: yes
# e2e-timeout: 900
# topology-aware's scheduling classes on a real kernel (cgroup v2, cpu controller on): a static pod
# /e2e/sched of two containers, each a python3 process of 4 threads. podQoSSchedulingClasses gives
# the best-effort "logger" class background (batch, nice 5, ioClass idle) and the burstable "rt" class
# realtime (fifo 10). `run --once` (apply: true) sets every thread of each container: policy, nice and
# rt_priority from /proc/PID/task/TID/stat, the I/O class from ionice -p TID. SCHED_FIFO in a non-root
# cgroup with the cpu controller on needs RT runtime there when the kernel has CONFIG_RT_GROUP_SCHED; on
# such a kernel the outcome must be failed with EPERM naming every thread, never half-applied silently.
# A second run finds every thread right: no set-scheduling-class at all. A thread started afterwards and
# running otherwise is set by a third run: exactly one decision, for its container only.
require_agent
cgroup2_setup
command -v python3 >/dev/null || skip "no python3 in the guest"
declare -A PID
threads_py='import signal, threading, time
def spin(): time.sleep(100000)
def more(*_): threading.Thread(target=spin, daemon=True).start()
signal.signal(signal.SIGUSR1, more)
for _ in range(3): more()
while True: time.sleep(1000)'
for c in logger rt; do
    cgroup2_task /e2e/sched/$c
    for p in "" /e2e /e2e/sched; do echo +cpu > "/sys/fs/cgroup$p/cgroup.subtree_control"; done
    bash -c 'echo $$ > "$1/cgroup.procs" && exec python3 -c "$2"' sh /sys/fs/cgroup/e2e/sched/$c "$threads_py" &
    PID[$c]=$!
done
for c in logger rt; do  # the python processes up with their 4 threads
    for _ in $(seq 1 100); do [ "$(wc -l < /sys/fs/cgroup/e2e/sched/$c/cgroup.threads)" = 4 ] && break; sleep 0.2; done
    assert_eq "threads of $c before" 4 "$(wc -l < /sys/fs/cgroup/e2e/sched/$c/cgroup.threads)"
done
cat > /tmp/cfg.yaml <<'YAML'
paths: {sysfs: /sys, procfs: /proc, cgroupfs: /sys/fs/cgroup}
task_sources:
  - type: static
    tasks:
      - cgroup: /e2e/sched
        containers:
          - {name: logger, qos: best-effort}
          - {name: rt, qos: burstable, resources: {cpu_request: 100m, cpu_limit: 500m, memory_request: 16Mi, memory_limit: 32Mi}}
plugins:
  - name: topology-aware
    interval: 1s
    config:
      schedulingClasses:
        - {name: background, policy: batch, nice: 5, ioClass: idle}
        - {name: realtime, policy: fifo, priority: 10}
      podQoSSchedulingClasses: {BestEffort: background, Burstable: realtime}
executor: {apply: true, owners: {cpus: topology-aware, memory: topology-aware, scheduling: topology-aware}}
telemetry: {prometheus: {enabled: false}}
YAML
sed 's/^/    config: /' /tmp/cfg.yaml
# stat fields: 19 nice, 40 rt_priority, 41 policy (after the command in parentheses)
stat_of() { sed 's/^.*) //' "/proc/$1/task/$2/stat" | awk -v f="$3" '{print $(f - 2)}'; }
check_logger() {  # every thread of the logger: SCHED_BATCH (3), nice 5, I/O class idle
    local n=0 tid
    for tid in $(cat /sys/fs/cgroup/e2e/sched/logger/cgroup.threads); do
        assert_eq "policy of logger thread $tid" 3 "$(stat_of "${PID[logger]}" "$tid" 41)"
        assert_eq "nice of logger thread $tid" 5 "$(stat_of "${PID[logger]}" "$tid" 19)"
        assert_eq "I/O class of logger thread $tid" idle "$(ionice -p "$tid")"
        n=$((n + 1))
    done
    assert_eq "logger threads checked" "$1" "$n"
}
rm -rf /tmp/numa-agent-state
agent_once /tmp/cfg.yaml /tmp/out1.jsonl
assert_eq "set-scheduling-class decisions" 2 "$(outcomes count /tmp/out1.jsonl action=set-scheduling-class)"
assert_eq "logger applied" 1 "$(outcomes count /tmp/out1.jsonl action=set-scheduling-class status=applied subCgroup=/e2e/sched/logger)"
check_logger 4
if [ "$(outcomes count /tmp/out1.jsonl action=set-scheduling-class status=applied subCgroup=/e2e/sched/rt)" = 1 ]; then
    for tid in $(cat /sys/fs/cgroup/e2e/sched/rt/cgroup.threads); do
        assert_eq "policy of rt thread $tid" 1 "$(stat_of "${PID[rt]}" "$tid" 41)"
        assert_eq "rt_priority of rt thread $tid" 10 "$(stat_of "${PID[rt]}" "$tid" 40)"
    done
    figure topology_aware_sched_fifo_applied 1
else  # CONFIG_RT_GROUP_SCHED: no RT runtime in the container's cgroup; every thread refused, and said so
    grep -F '"action":"set-scheduling-class"' /tmp/out1.jsonl | grep -F '/e2e/sched/rt' \
        | grep -F '"status":"failed"' | grep -F '0 threads set, 0 gone, 4 failed: sched_setattr EPERM x4' \
        || fail "realtime on rt: neither applied nor failed with EPERM on every thread"
    for tid in $(cat /sys/fs/cgroup/e2e/sched/rt/cgroup.threads); do
        assert_eq "policy of rt thread $tid (refused)" 0 "$(stat_of "${PID[rt]}" "$tid" 41)"
    done
    note "kernel.sched_rt_runtime_us=$(cat /proc/sys/kernel/sched_rt_runtime_us); cpu.rt_runtime_us: $(cat /sys/fs/cgroup/e2e/sched/rt/cpu.rt.max 2>/dev/null || echo none)"
    figure topology_aware_sched_fifo_applied 0
fi
figure topology_aware_sched_run_once_s "$AGENT_SECONDS"

agent_once /tmp/cfg.yaml /tmp/out2.jsonl
if [ "$(outcomes count /tmp/out1.jsonl action=set-scheduling-class status=applied)" = 2 ]; then
    assert_eq "set-scheduling-class once right" 0 "$(outcomes count /tmp/out2.jsonl action=set-scheduling-class)"
else  # the refused class is tried again by a new agent (it does not know it failed), the logger is not
    assert_eq "set-scheduling-class of the logger once right" 0 \
        "$(outcomes count /tmp/out2.jsonl action=set-scheduling-class subCgroup=/e2e/sched/logger)"
fi

# A thread started after the class was set inherits its creator's class (the kernel copies policy, nice and
# I/O priority at clone); one started otherwise (reset-on-fork, or changed by someone) is put back to what a
# fresh process runs with, and the next run must set it (and only its container).
kill -USR1 "${PID[logger]}"
for _ in $(seq 1 100); do [ "$(wc -l < /sys/fs/cgroup/e2e/sched/logger/cgroup.threads)" = 5 ] && break; sleep 0.2; done
new=$(tail -1 /sys/fs/cgroup/e2e/sched/logger/cgroup.threads)
note "new logger thread $new: policy $(stat_of "${PID[logger]}" "$new" 41) nice $(stat_of "${PID[logger]}" "$new" 19) io $(ionice -p "$new")"
ionice -c 2 -n 4 -p "$new"; chrt -o -p 0 "$new"; renice -n 0 -p "$new" >/dev/null  # as a fresh process runs
agent_once /tmp/cfg.yaml /tmp/out3.jsonl
assert_eq "logger set again" 1 "$(outcomes count /tmp/out3.jsonl action=set-scheduling-class status=applied subCgroup=/e2e/sched/logger)"
check_logger 5
kill "${PID[logger]}" "${PID[rt]}"; wait 2>/dev/null || true
