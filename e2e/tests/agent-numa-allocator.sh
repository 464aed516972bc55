# e2e-topology: twoNode
# e2e-agent: yes
# e2e-timeout: 180
# The numa-allocator plugin end to end on cgroup v2, with cgroups_memory_binding on:
# for a single 256 MiB task it pins the task to one node. Whatever node it picks, the
# cgroup's cpuset.cpus is that node's CPUs and cpuset.mems that node, the task's
# /proc/PID/status agrees, and >= 99 % of the task's memory is on that node afterwards
# (moved by the executor, or by the kernel on the mems change, which cgroup v2 always
# migrates).
require_agent
cgroup2_setup
cgroup2_task /e2e/a
MEME_CGROUPS=/sys/fs/cgroup/e2e/a meme_start -s 256 -r 0
agent_config /tmp/cfg.yaml /e2e/a "{name: numa-allocator, interval: 1s, config: {cgroups_memory_binding: true}}" \
    "{apply: true, migration: move_pages, bandwidth: 0, move_pages_batch: 512}"
agent_once /tmp/cfg.yaml /tmp/out.jsonl
assert_eq "applied set-cpus outcomes" 1 "$(outcomes count /tmp/out.jsonl type=set-cpus task=/e2e/a status=applied)"
assert_eq "applied set-mems outcomes" 1 "$(outcomes count /tmp/out.jsonl type=set-mems task=/e2e/a status=applied)"
node=$(cat /sys/fs/cgroup/e2e/a/cpuset.mems)
echo "$node" | grep -qE '^[0-9]+$' || fail "cpuset.mems '$node' is not a single node"
note "numa-allocator chose node $node"
assert_eq "cpuset.cpus" "$(node_cpus "$node")" "$(cat /sys/fs/cgroup/e2e/a/cpuset.cpus)"
assert_eq "Cpus_allowed_list of meme" "$(node_cpus "$node")" "$(proc_status "$MEME_PID" Cpus_allowed_list)"
assert_eq "Mems_allowed_list of meme" "$node" "$(proc_status "$MEME_PID" Mems_allowed_list)"
read -r lo hi <<< "$(meme_range idle0)"
got=$(pages_on "$node" "$lo" "$hi")
note "numa_maps: $(numa_maps_pages "$MEME_PID" "$lo" "$hi" | paste -sd' ')"
[ $((got * 100)) -ge $((65536 * 99)) ] || fail "only $got of 65536 pages on node $node"
note "ok: $got of 65536 pages on node $node"
