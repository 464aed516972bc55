# e2e-topology: twoNode
# e2e-agent: yes
# e2e-timeout: 900
# Faults during memory moves (bandwidth 32Mi so that a 128 MiB move takes at least ~4 s
# and the fault, sent once the kernel shows the first pages on the target node, lands
# in the middle of it; max_migration_per_cycle 1h so that a slow, busy machine cannot
# end the walk before the fault). In each case the agent records one outcome
# with the errno, carries on with the rest, exits normally, and does not retry in a loop:
# 1. the task exits mid-migration            -> failed, ESRCH
# 2. half the ranges are unmapped mid-move   -> one outcome that says so: pages the
#    executor met unmapped (EFAULT at query, in the detail) or that failed to move
#    (EFAULT/ENOENT, in pagesFailed), and the still-mapped pages reach the target
# 3. the task's cgroup is removed mid-move   -> failed outcome for it, the other task's
#    cpuset is still applied, and 4 cycles of the agent's loop add no new attempts for it.
# The agent says nothing while a move is in flight (outcomes come at the end of the
# cycle), so "in flight" is the kernel's word: pages of the task on the target node.
require_agent
cgroup2_setup
cgroup2_task /e2e/a
cgroup2_task /e2e/b

start_move() {  # start_move CONFIG OUT: agent run --once in the background
    agent_bg "$2" run --once -c "$1" --state-dir /tmp/numa-agent-state
}
finish_move() {  # finish_move OUT: waits for the agent (the bound only catches a hang)
    local deadline=$(( $(date +%s) + $(scaled 300) ))
    while kill -0 "$AGENT_PID" 2>/dev/null && [ "$(date +%s)" -lt $deadline ]; do sleep 0.2; done
    if kill -0 "$AGENT_PID" 2>/dev/null; then kill -9 "$AGENT_PID"; fail "agent still running $(scaled 300) s after the fault"; fi
    local rc=0; wait "$AGENT_PID" || rc=$?
    sed 's/^/    out: /' "$1" | head -20; sed 's/^/    err: /' "$1.err" | tail -10
    [ $rc = 0 ] || [ $rc = 1 ] || fail "agent exited $rc"
}
config() {  # config RULES_YAML_LIST TASKS
    agent_config /tmp/cfg.yaml "$2" "{name: static-placement, interval: 1s, config: {rules: [$1]}}" \
        "{apply: true, migration: move_pages, bandwidth: 32Mi, move_pages_batch: 512, max_migration_per_cycle: 1h}"
}

echo "-- 1. task exits mid-migration"
MEME_CGROUPS=/sys/fs/cgroup/e2e/a meme_start -s 128 -n 0 -r 0
read -r lo hi <<< "$(meme_range idle0)"
config '"/e2e/a migrate-to=1"' /e2e/a
start_move /tmp/cfg.yaml /tmp/out1.jsonl
wait_pages_on 1 "$lo" "$hi" 2000 600 || fail "migration did not start within $(scaled 600) s"
kill -9 "$MEME_PID"; wait "$MEME_PID" 2>/dev/null || true
finish_move /tmp/out1.jsonl
# The kernel says ESRCH once the task is reaped, EINVAL while it still exists without
# an mm (exiting or a zombie: move_pages finds no mm); the executor reports both as ESRCH.
assert_eq "failed migrate-memory outcomes" 1 "$(outcomes count /tmp/out1.jsonl type=migrate-memory task=/e2e/a status=failed)"
errno=$(outcomes values /tmp/out1.jsonl errno type=migrate-memory task=/e2e/a status=failed)
assert_eq "errno of the failed outcome" ESRCH "$errno"
figure faults_exit_errno "$errno"
figure faults_exit_pages_moved_before "$(outcomes values /tmp/out1.jsonl pagesMoved type=migrate-memory task=/e2e/a)"

echo "-- 2. range unmapped mid-migration"
MEME_CGROUPS=/sys/fs/cgroup/e2e/a meme_start -s 128 -i 8 -n 0 -r 0
start_move /tmp/cfg.yaml /tmp/out2.jsonl
span=$(awk '$1 == "range" {print $3; print $4}' "$MEME_OUT" | sort | sed -n '1p;$p' | paste -sd' ')
wait_pages_on 1 ${span% *} ${span#* } 1000 600 || fail "migration did not start within $(scaled 600) s"
kill -USR1 "$MEME_PID"   # meme unmaps idle0, idle2, idle4, idle6: half, ahead of the mover either way
finish_move /tmp/out2.jsonl
grep '^unmapped' "$MEME_OUT" | sed 's/^/    meme: /'
assert_eq "migrate-memory outcomes (no retries)" 1 "$(outcomes count /tmp/out2.jsonl type=migrate-memory task=/e2e/a)"
mapped=0; there=0
while read -r _ name start end _; do
    grep -q "^unmapped $name " "$MEME_OUT" && continue
    mapped=$((mapped + (0x$end - 0x$start) / 4096))
    there=$((there + $(pages_on 1 "$start" "$end")))
done < <(grep '^range' "$MEME_OUT")
note "still-mapped pages on node 1: $there of $mapped"
[ $((there * 100)) -ge $((mapped * 99)) ] || fail "only $there of $mapped still-mapped pages reached node 1"
failed_pages=$(outcomes values /tmp/out2.jsonl pagesFailed type=migrate-memory | head -1)
detail=$(outcomes values /tmp/out2.jsonl detail type=migrate-memory | head -1)
unmapped_pages=$(echo "$detail" | sed -n 's/.*; \([0-9]*\) pages unmapped or zero when queried (EFAULT).*/\1/p')
note "outcome detail: $detail"
[ $(( ${failed_pages:-0} + ${unmapped_pages:-0} )) -gt 0 ] \
    || fail "outcome reports neither failed nor unmapped pages although half the ranges vanished mid-move"
figure faults_unmapped_pages_failed "${failed_pages:-0}"
figure faults_unmapped_pages_seen_at_query "${unmapped_pages:-0}"
kill "$MEME_PID"; wait "$MEME_PID" 2>/dev/null || true

echo "-- 3. cgroup removed mid-migration"
MEME_CGROUPS=/sys/fs/cgroup/e2e/a meme_start -s 128 -n 0 -r 0
pid_a=$MEME_PID; read -r lo hi <<< "$(meme_range idle0)"
MEME_CGROUPS=/sys/fs/cgroup/e2e/b meme_start -s 16 -r 0
pid_b=$MEME_PID
cpus0=$(node_cpus 0)
config "\"/e2e/a migrate-to=1\", \"/e2e/b cpus=$cpus0\"" /e2e/a,/e2e/b
MEME_PID=$pid_a
start_move /tmp/cfg.yaml /tmp/out3.jsonl
wait_pages_on 1 "$lo" "$hi" 2000 600 || fail "migration did not start within $(scaled 600) s"
kill -9 "$pid_a"; wait "$pid_a" 2>/dev/null || true
# rmdir succeeds once the killed task is reaped and gone from the cgroup
deadline=$(( $(date +%s) + $(scaled 60) ))
until rmdir /sys/fs/cgroup/e2e/a 2>/dev/null || [ "$(date +%s)" -ge $deadline ]; do sleep 0.1; done
[ ! -d /sys/fs/cgroup/e2e/a ] || fail "could not remove /sys/fs/cgroup/e2e/a"
finish_move /tmp/out3.jsonl
failed_a=$(outcomes count /tmp/out3.jsonl task=/e2e/a status=failed)
[ "$failed_a" -ge 1 ] || fail "no failed outcome recorded for /e2e/a"
outcomes values /tmp/out3.jsonl errno task=/e2e/a status=failed | sed 's/^/    errno for \/e2e\/a: /'
[ -n "$(outcomes values /tmp/out3.jsonl errno task=/e2e/a status=failed)" ] || fail "failed outcome for /e2e/a has no errno"
assert_eq "cpuset.cpus of /e2e/b" "$cpus0" "$(cat /sys/fs/cgroup/e2e/b/cpuset.cpus)"
assert_eq "Cpus_allowed_list of /e2e/b's task" "$cpus0" "$(proc_status "$pid_b" Cpus_allowed_list)"
# 4 cycles of the loop (counted by /e2e/b's outcomes, one a cycle): the vanished task
# must not be attempted again and again
agent_bg /tmp/out4.jsonl run -c /tmp/cfg.yaml --state-dir /tmp/numa-agent-state
loop_pid=$AGENT_PID
deadline=$(( $(date +%s) + $(scaled 300) ))
while [ "$(outcomes cycles /tmp/out4.jsonl task=/e2e/b)" -lt 4 ]; do
    kill -0 "$loop_pid" 2>/dev/null || { cat /tmp/out4.jsonl.err; fail "the agent's loop exited"; }
    [ "$(date +%s)" -lt $deadline ] || { kill -9 "$loop_pid"; fail "the agent's loop ran no 4 cycles in $(scaled 300) s"; }
    sleep 0.5
done
kill -TERM "$loop_pid"; wait "$loop_pid" 2>/dev/null || true
attempts=$(outcomes count /tmp/out4.jsonl task=/e2e/a type=migrate-memory)
note "migrate-memory attempts for the removed /e2e/a during $(outcomes cycles /tmp/out4.jsonl task=/e2e/b) cycles of the loop: $attempts"
[ "$attempts" -le 1 ] || fail "agent retried the removed task $attempts times"
