# e2e-topology: twoNode
# e2e-agent: yes
# e2e-timeout: 180
# The numa-allocator plugin end to end on cgroup v2: for a single 256 MiB task it
# pins the task to one node; whatever node it picks, the cgroup's cpuset.mems is
# that one node, cpuset.cpus (if set) is that node's CPUs, the task's
# /proc/PID/status agrees, and memory it was asked to move is >= 99 % there.
require_agent
cgroup2_setup
cgroup2_task /e2e/a
MEME_CGROUPS=/sys/fs/cgroup/e2e/a meme_start -s 256 -r 0
agent_config /tmp/cfg.yaml /e2e/a "{name: numa-allocator, interval: 1s, config: {}}" \
    "{apply: true, migration: move_pages, bandwidth: 0, move_pages_batch: 512}"
agent_once /tmp/cfg.yaml /tmp/out.jsonl
applied=$(outcomes count /tmp/out.jsonl task=/e2e/a status=applied)
[ "$applied" -ge 1 ] || fail "numa-allocator applied nothing to /e2e/a"
mems=$(cat /sys/fs/cgroup/e2e/a/cpuset.mems)
echo "$mems" | grep -qE '^[0-9]+$' || fail "cpuset.mems '$mems' is not a single node"
note "numa-allocator chose node $mems"
assert_eq "Mems_allowed_list of meme" "$mems" "$(proc_status "$MEME_PID" Mems_allowed_list)"
if [ "$(outcomes count /tmp/out.jsonl type=set-cpus task=/e2e/a status=applied)" -ge 1 ]; then
    assert_eq "cpuset.cpus" "$(node_cpus "$mems")" "$(cat /sys/fs/cgroup/e2e/a/cpuset.cpus)"
    assert_eq "Cpus_allowed_list of meme" "$(node_cpus "$mems")" "$(proc_status "$MEME_PID" Cpus_allowed_list)"
fi
if [ "$(outcomes count /tmp/out.jsonl type=migrate-memory task=/e2e/a status=applied)" -ge 1 ]; then
    read -r lo hi <<< "$(meme_range idle0)"
    got=$(pages_on "$mems" "$lo" "$hi")
    [ $((got * 100)) -ge $((65536 * 99)) ] || fail "only $got of 65536 pages on node $mems after migrate-memory"
    note "ok: $got of 65536 pages on node $mems"
fi
