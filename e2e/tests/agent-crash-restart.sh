# e2e-topology: twoNode
# e2e-agent: yes
# e2e-timeout: 900
# Crash safety: the agent killed with SIGKILL in the middle of its work and started
# again finishes that work and redoes nothing it had done.
# - Mid-migration: a 256 MiB meme on node 0 in /e2e/a; static-placement pins the task
#   to node 1's CPUs and moves its memory there (migrate-to=1) at 16 MiB/s, so the move
#   takes at least 15 s. The agent is killed once 10 % of the pages are on node 1, and
#   the kill is seen to leave the move half done (under 90 % there). Restarted with the
#   same config, the agent completes the move (>= 99 % on node 1, judged by numa_maps)
#   and does not write cpuset.cpus again (no applied set-cpus outcome: placed stays placed).
# - Mid-cgroup-write: a kill cannot be timed inside one write(2), so the state such a
#   kill leaves is made directly: task /e2e/b's cpuset.cpus already holds the rule's
#   CPUs, its cpuset.mems does not yet. Started, the agent writes cpuset.mems only.
require_agent
cgroup2_setup
cgroup2_task /e2e/a
cgroup2_task /e2e/b
cpus=$(node_cpus 1)
total=65536   # 256 MiB of 4 KiB pages

MEME_CGROUPS=/sys/fs/cgroup/e2e/a meme_start -s 256 -n 0 -r 0
read -r lo hi <<< "$(meme_range idle0)"
agent_config /tmp/cfg-a.yaml /e2e/a \
    "{name: static-placement, interval: 1s, config: {rules: [\"/e2e/a cpus=$cpus migrate-to=1\"]}}" \
    "{apply: true, migration: move_pages, bandwidth: 16Mi, move_pages_batch: 512}"

agent_bg /tmp/out-killed.jsonl run -c /tmp/cfg-a.yaml --state-dir /tmp/numa-agent-state
killed_pid=$AGENT_PID
wait_pages_on 1 "$lo" "$hi" $((total / 10)) 600 || fail "the move did not start within the bound"
kill -KILL "$killed_pid"
wait "$killed_pid" 2>/dev/null || true
at_kill=$(pages_on 1 "$lo" "$hi")
note "killed the agent (SIGKILL) with $at_kill of $total pages on node 1"
sed 's/^/    err: /' /tmp/out-killed.jsonl.err | tail -5
[ $((at_kill * 100)) -lt $((total * 90)) ] || fail "the move was nearly done ($at_kill of $total) before the kill; not a half-done move"
assert_eq "cpuset.cpus written before the kill" "$cpus" "$(cat /sys/fs/cgroup/e2e/a/cpuset.cpus)"
figure agent_crash_pages_on_target_at_kill "$at_kill"

agent_until_migrated /tmp/cfg-a.yaml /tmp/out-restarted.jsonl /e2e/a
got=$(pages_on 1 "$lo" "$hi")
note "after the restart: $got of $total pages on node 1"
[ $((got * 100)) -ge $((total * 99)) ] || fail "only $got of $total pages on node 1 after the restart"
assert_eq "failed outcomes after the restart" 0 "$(outcomes count /tmp/out-restarted.jsonl status=failed)"
assert_eq "applied set-cpus after the restart (already placed)" 0 \
    "$(outcomes count /tmp/out-restarted.jsonl type=set-cpus task=/e2e/a status=applied)"
[ "$(outcomes count /tmp/out-restarted.jsonl type=set-cpus task=/e2e/a status=unchanged)" -ge 1 ] \
    || fail "no unchanged set-cpus outcome after the restart"
assert_eq "Cpus_allowed_list of meme" "$cpus" "$(proc_status "$MEME_PID" Cpus_allowed_list)"
figure agent_crash_restart_to_done_s "$AGENT_SECONDS"
kill "$MEME_PID"; wait "$MEME_PID" 2>/dev/null || true

# the state a kill between the cpuset.cpus and the cpuset.mems write of /e2e/b leaves
MEME_CGROUPS=/sys/fs/cgroup/e2e/b meme_start -s 16 -r 0
echo "$cpus" > /sys/fs/cgroup/e2e/b/cpuset.cpus
agent_config /tmp/cfg-b.yaml /e2e/b \
    "{name: static-placement, interval: 1s, config: {rules: [\"/e2e/b cpus=$cpus mems=1\"]}}" \
    "{apply: true, migration: move_pages, bandwidth: 0, move_pages_batch: 512}"
agent_once /tmp/cfg-b.yaml /tmp/out-b.jsonl
assert_eq "set-cpus of the half-written task" 0 "$(outcomes count /tmp/out-b.jsonl type=set-cpus task=/e2e/b status=applied)"
assert_eq "set-mems of the half-written task" 1 "$(outcomes count /tmp/out-b.jsonl type=set-mems task=/e2e/b status=applied)"
assert_eq "cpuset.cpus" "$cpus" "$(cat /sys/fs/cgroup/e2e/b/cpuset.cpus)"
assert_eq "cpuset.mems" 1 "$(cat /sys/fs/cgroup/e2e/b/cpuset.mems)"
assert_eq "Mems_allowed_list of meme" 1 "$(proc_status "$MEME_PID" Mems_allowed_list)"
