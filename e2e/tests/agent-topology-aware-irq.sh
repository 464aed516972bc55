# e2e-topology: fourNodeTwoSocket
# e2e-agent: yes
# e2e-timeout: 1500
# topology-aware's irq-affinity on a real kernel (cgroup v2, the guest's own interrupts), as
# the reference's test25: a static Guaranteed pod task /e2e/pod1 of two 2-CPU containers, each
# a sub-cgroup with a process; `app` is annotated `mask: ["*"]` (keep every interrupt off its
# exclusive CPUs), `io` is annotated `claim: ["*ttyS0*"]` (the serial console's interrupt on
# its CPUs only). The agent runs as a daemon (1 s interval). Once it has placed them, every
# interrupt the kernel lets be moved shows in /proc/irq/N/smp_affinity_list: ttyS0 exactly
# io's CPUs, every other one the online CPUs less app's. Interrupts the kernel refuses
# (the timer, managed queues) keep their affinity and are reported once each as a failed
# set-irq-affinity with errno EPERM (EIO before Linux 6.x), never retried. Then the pod's processes end and its
# cgroups go: the next cycles give every movable interrupt all online CPUs back.
require_agent
cgroup2_setup
declare -A PID
for c in app io; do
    cgroup2_task /e2e/pod1/$c
    bash -c 'echo $$ > "$1/cgroup.procs" && exec sleep 100000' sh /sys/fs/cgroup/e2e/pod1/$c &
    PID[$c]=$!
done
online=$(cat /sys/devices/system/cpu/online)
# every interrupt back to all CPUs first (as the reference's test does), so that what the agent
# leaves alone is known; the kernel refuses some (EPERM), which keep their own affinity
for f in /proc/irq/*/smp_affinity_list; do echo "$online" > "$f" 2>/dev/null || true; done
irqs() {  # irqs: "N affinity" of every numbered interrupt of /proc/interrupts with a directory
    awk -F: '$1 ~ /^ *[0-9]+$/ {gsub(/ /, "", $1); print $1}' /proc/interrupts | while read -r n; do
        [ -f "/proc/irq/$n/smp_affinity_list" ] && echo "$n $(cat "/proc/irq/$n/smp_affinity_list")"
    done
}
irqs > /tmp/irqs-before.txt
ttys0=$(awk -F: '/ttyS0/ {gsub(/ /, "", $1); print $1; exit}' /proc/interrupts)
[ -n "$ttys0" ] || fail "no ttyS0 interrupt in /proc/interrupts"
note "ttyS0 is irq $ttys0; $(wc -l < /tmp/irqs-before.txt) numbered interrupts"
cat > /tmp/cfg.yaml <<'YAML'
paths: {sysfs: /sys, procfs: /proc, cgroupfs: /sys/fs/cgroup}
task_sources:
  - type: static
    tasks:
      - cgroup: /e2e/pod1
        qos: guaranteed
        annotations:
          irq-affinity.resource-policy.nri.io/container.app: 'mask: ["*"]'
          irq-affinity.resource-policy.nri.io/container.io: 'claim: ["*ttyS0*"]'
        containers:
          - {name: app, qos: guaranteed, resources: {cpu_request: 2, cpu_limit: 2, memory_request: 64Mi, memory_limit: 64Mi}}
          - {name: io, qos: guaranteed, resources: {cpu_request: 2, cpu_limit: 2, memory_request: 64Mi, memory_limit: 64Mi}}
plugins: [{name: topology-aware, interval: 1s}]
executor: {apply: true, owners: {cpus: topology-aware, memory: topology-aware, irq-affinity: topology-aware}}
telemetry: {prometheus: {enabled: false}}
YAML
sed 's/^/    config: /' /tmp/cfg.yaml
minus() { python3 -c '
import sys
def parse(s):
    out = set()
    for part in filter(None, s.split(",")):
        a, _, b = part.partition("-")
        out.update(range(int(a), int(b or a) + 1))
    return out
def fmt(cpus):
    runs, cpus = [], sorted(cpus)
    for c in cpus:
        if runs and c == runs[-1][1] + 1:
            runs[-1][1] = c
        else:
            runs.append([c, c])
    return ",".join(str(a) if a == b else "%d-%d" % (a, b) for a, b in runs)
print(fmt(parse(sys.argv[1]) - parse(sys.argv[2])))' "$1" "$2"; }
# wanted OUT APP IO: "N affinity" each interrupt should show (the refused ones: as before)
wanted() {
    local n aff
    while read -r n aff; do
        if grep -qx "$n" /tmp/refused.txt 2>/dev/null; then echo "$n $aff"
        elif [ -z "$2" ]; then echo "$n $online"
        elif [ "$n" = "$ttys0" ]; then echo "$n $3"
        else echo "$n $(minus "$online" "$2")"; fi
    done < /tmp/irqs-before.txt > "$1"
}
converge_report() {  # what differs, and every interrupt decision's outcome so far
    diff /tmp/irqs-wanted.txt /tmp/irqs-now.txt | sed 's/^/    diff: /'
    python3 -c '
import json, sys
for line in open(sys.argv[1]):
    if line.startswith("{") and "set-irq-affinity" in line:
        o = json.loads(line); d = o.get("decision", {})
        print("    outcome: cycle %s irq %s cpus %s: %s %s %s" % (o.get("cycle"), d.get("irq"), d.get("cpus"),
              o.get("status"), o.get("errno") or "", o.get("detail")))' /tmp/out.jsonl | tail -40
    sed 's/^/    err: /' /tmp/out.jsonl.err | grep -v ' INFO ' | tail -20
}
# converge BOUND_S APP IO: waits until every interrupt shows what it should
converge() {
    local bound start
    bound=$(scaled "$1"); start=$(date +%s)
    while :; do
        outcomes values /tmp/out.jsonl irq type=set-irq-affinity status=failed > /tmp/refused.txt || true
        wanted /tmp/irqs-wanted.txt "$2" "$3"
        irqs > /tmp/irqs-now.txt
        cmp -s /tmp/irqs-wanted.txt /tmp/irqs-now.txt && return 0
        [ $(( $(date +%s) - start )) -lt "$bound" ] || { converge_report; return 1; }
        kill -0 "$AGENT_PID" 2>/dev/null || { sed 's/^/    err: /' /tmp/out.jsonl.err | tail -20; fail "the agent exited"; }
        sleep 1
    done
}
rm -rf /tmp/numa-agent-state
start=$(date +%s.%N)
agent_bg /tmp/out.jsonl run -c /tmp/cfg.yaml --state-dir /tmp/numa-agent-state
bound=$(scaled 600); waited=0
# (cgroup files show size 0 to stat: read them)
until [ -n "$(cat /sys/fs/cgroup/e2e/pod1/io/cpuset.cpus)" ] && [ -n "$(cat /sys/fs/cgroup/e2e/pod1/app/cpuset.cpus)" ]; do
    waited=$((waited + 1)); [ $waited -lt "$bound" ] || fail "the containers were not placed within ${bound}s"
    kill -0 "$AGENT_PID" 2>/dev/null || fail "the agent exited"
    sleep 1
done
app=$(cat /sys/fs/cgroup/e2e/pod1/app/cpuset.cpus)
io=$(cat /sys/fs/cgroup/e2e/pod1/io/cpuset.cpus)
note "app has CPUs $app, io has CPUs $io (online $online)"
converge 300 "$app" "$io" || fail "the interrupts did not take the wanted affinities"
figure irq_affinity_placed_s "$(seconds_since "$start")"
sed 's/^/    irq: /' /tmp/irqs-now.txt
assert_eq "ttyS0 (irq $ttys0) affinity" "$io" "$(cat "/proc/irq/$ttys0/smp_affinity_list")"
moved=$(outcomes count /tmp/out.jsonl type=set-irq-affinity status=applied)
refused=$(wc -l < /tmp/refused.txt)
note "$moved interrupts moved, $refused refused by the kernel:"
outcomes dump /tmp/out.jsonl type=set-irq-affinity status=failed | sed 's/^/    refused: /'
[ "$moved" -ge 2 ] || fail "fewer than 2 interrupts moved"
figure irq_affinity_moved "$moved"
figure irq_affinity_refused "$refused"

kill "${PID[app]}" "${PID[io]}"; wait "${PID[app]}" "${PID[io]}" 2>/dev/null || true
rmdir /sys/fs/cgroup/e2e/pod1/app /sys/fs/cgroup/e2e/pod1/io /sys/fs/cgroup/e2e/pod1
start=$(date +%s.%N)
converge 300 "" "" || fail "the interrupts did not get all CPUs back after the pod went"
figure irq_affinity_restored_s "$(seconds_since "$start")"
assert_eq "ttyS0 (irq $ttys0) affinity after the pod went" "$online" "$(cat "/proc/irq/$ttys0/smp_affinity_list")"
kill "$AGENT_PID"; wait "$AGENT_PID" 2>/dev/null || true

# what failed: only the kernel's refusals, each interrupt once (later snapshots show it unmovable)
outcomes values /tmp/out.jsonl errno status=failed | sort -u | sed 's/^/    errno of failed outcomes: /'
assert_eq "failed outcomes other than EPERM or EIO" 0 \
    "$(outcomes values /tmp/out.jsonl errno status=failed | grep -cvx 'EPERM\|EIO' || true)"
assert_eq "rejected outcomes" 0 "$(outcomes count /tmp/out.jsonl status=rejected)"
dups=$(outcomes values /tmp/out.jsonl irq type=set-irq-affinity status=failed | sort | uniq -d)
assert_eq "interrupts refused more than once" "" "$dups"
if [ "$refused" -gt 0 ]; then
    outcomes values /tmp/out.jsonl detail type=set-irq-affinity status=failed | grep -q "does not let this interrupt be moved" \
        || fail "a refused interrupt's outcome does not say it cannot be moved"
fi
