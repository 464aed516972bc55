# e2e-topology: twoNode
# e2e-kernel: custom
# e2e-agent: yes
# e2e-timeout: 180
# The executor's cgroup v1 writes (cpuset and memory hierarchies mounted separately
# under /sys/fs/cgroup, as on hosts with the legacy layout): static-placement pins
# task /e2e/a to node 1; cpuset.cpus/cpuset.mems of the v1 cpuset cgroup and the
# task's /proc/PID/status agree. Needs the custom kernel: Debian's stock 6.12 has
# no cgroup v1 cpuset files (CONFIG_CPUSETS_V1 off).
require_agent
cgroup1_setup
for c in cpuset memory; do mkdir -p "/sys/fs/cgroup/$c/e2e/a"; done
for d in /sys/fs/cgroup/cpuset/e2e /sys/fs/cgroup/cpuset/e2e/a; do
    # v1 cpusets start empty and take no tasks until both are set
    cat /sys/fs/cgroup/cpuset/cpuset.cpus > "$d/cpuset.cpus"
    cat /sys/fs/cgroup/cpuset/cpuset.mems > "$d/cpuset.mems"
done
MEME_CGROUPS="/sys/fs/cgroup/cpuset/e2e/a /sys/fs/cgroup/memory/e2e/a" meme_start -s 32 -r 0
cpus=$(node_cpus 1)
agent_config /tmp/cfg.yaml /e2e/a \
    "{name: static-placement, interval: 1s, config: {rules: [\"/e2e/a cpus=$cpus mems=1\"]}}" \
    "{apply: true, migration: move_pages, bandwidth: 0, move_pages_batch: 512}"
agent_once /tmp/cfg.yaml /tmp/out1.jsonl
assert_eq "v1 cpuset.cpus" "$cpus" "$(cat /sys/fs/cgroup/cpuset/e2e/a/cpuset.cpus)"
assert_eq "v1 cpuset.mems" 1 "$(cat /sys/fs/cgroup/cpuset/e2e/a/cpuset.mems)"
assert_eq "Cpus_allowed_list of meme" "$cpus" "$(proc_status "$MEME_PID" Cpus_allowed_list)"
assert_eq "Mems_allowed_list of meme" 1 "$(proc_status "$MEME_PID" Mems_allowed_list)"
assert_eq "applied set-cpus outcomes" 1 "$(outcomes count /tmp/out1.jsonl type=set-cpus task=/e2e/a status=applied)"
assert_eq "applied set-mems outcomes" 1 "$(outcomes count /tmp/out1.jsonl type=set-mems task=/e2e/a status=applied)"
