# e2e-topology: twoNode
# e2e-agent: yes
# e2e-timeout: 180
# The executor's cgroup v2 writes: static-placement pins task /e2e/a to node 1's CPUs
# and memory; after `numa-agent run --once` (apply: true) the cgroup's cpuset.cpus and
# cpuset.mems hold them, the kernel's view of the task (/proc/PID/status
# Cpus_allowed_list, Mems_allowed_list) agrees, and a second cycle changes nothing.
require_agent
cgroup2_setup
cgroup2_task /e2e/a
MEME_CGROUPS=/sys/fs/cgroup/e2e/a meme_start -s 32 -r 0
cpus=$(node_cpus 1)
agent_config /tmp/cfg.yaml /e2e/a \
    "{name: static-placement, interval: 1s, config: {rules: [\"/e2e/a cpus=$cpus mems=1\"]}}" \
    "{apply: true, migration: move_pages, bandwidth: 0, move_pages_batch: 512}"
agent_once /tmp/cfg.yaml /tmp/out1.jsonl
assert_eq "cpuset.cpus" "$cpus" "$(cat /sys/fs/cgroup/e2e/a/cpuset.cpus)"
assert_eq "cpuset.mems" 1 "$(cat /sys/fs/cgroup/e2e/a/cpuset.mems)"
assert_eq "cpuset.cpus.effective" "$cpus" "$(cat /sys/fs/cgroup/e2e/a/cpuset.cpus.effective)"
assert_eq "Cpus_allowed_list of meme" "$cpus" "$(proc_status "$MEME_PID" Cpus_allowed_list)"
assert_eq "Mems_allowed_list of meme" 1 "$(proc_status "$MEME_PID" Mems_allowed_list)"
assert_eq "applied set-cpus outcomes" 1 "$(outcomes count /tmp/out1.jsonl type=set-cpus task=/e2e/a status=applied)"
assert_eq "applied set-mems outcomes" 1 "$(outcomes count /tmp/out1.jsonl type=set-mems task=/e2e/a status=applied)"
agent_once /tmp/cfg.yaml /tmp/out2.jsonl
assert_eq "applied outcomes of a second cycle" 0 "$(outcomes count /tmp/out2.jsonl status=applied)"
assert_eq "cpuset.cpus after the second cycle" "$cpus" "$(cat /sys/fs/cgroup/e2e/a/cpuset.cpus)"
figure agent_run_once_s "$AGENT_SECONDS"
