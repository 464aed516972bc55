# e2e-topology: twoNode
# e2e-kernel: custom
# e2e-timeout: 90
# The cgroup v1 setup the agent tests rely on (custom kernel: the stock one has no v1
# cpuset files): cpuset and memory hierarchies under /sys/fs/cgroup/{cpuset,memory};
# writing the v1 cpuset.cpus and cpuset.mems of /e2e/a changes what the kernel lets
# meme use, and memory.numa_stat reports meme's pages per node.
cgroup1_setup
for c in cpuset memory; do mkdir -p "/sys/fs/cgroup/$c/e2e/a"; done
for d in /sys/fs/cgroup/cpuset/e2e /sys/fs/cgroup/cpuset/e2e/a; do
    cat /sys/fs/cgroup/cpuset/cpuset.cpus > "$d/cpuset.cpus"
    cat /sys/fs/cgroup/cpuset/cpuset.mems > "$d/cpuset.mems"
done
MEME_CGROUPS="/sys/fs/cgroup/cpuset/e2e/a /sys/fs/cgroup/memory/e2e/a" meme_start -s 64 -n 0 -r 0
cpus=$(node_cpus 1)
echo "$cpus" > /sys/fs/cgroup/cpuset/e2e/a/cpuset.cpus
echo 0-1 > /sys/fs/cgroup/cpuset/e2e/a/cpuset.mems
assert_eq "Cpus_allowed_list" "$cpus" "$(proc_status "$MEME_PID" Cpus_allowed_list)"
assert_eq "Mems_allowed_list" 0-1 "$(proc_status "$MEME_PID" Mems_allowed_list)"
assert_eq "v1 cpuset.memory_migrate default" 0 "$(cat /sys/fs/cgroup/cpuset/e2e/a/cpuset.memory_migrate)"
# v1 memory.numa_stat counts pages: meme's 16384 bound to node 0 are charged here
anon_n0=$(awk '/^anon=/ {for (i = 2; i <= NF; i++) if ($i ~ /^N0=/) print substr($i, 4)}' /sys/fs/cgroup/memory/e2e/a/memory.numa_stat)
note "v1 memory.numa_stat: $(grep '^anon=' /sys/fs/cgroup/memory/e2e/a/memory.numa_stat)"
[ "${anon_n0:-0}" -ge 16384 ] || fail "v1 memory.numa_stat anon N0=${anon_n0:-none}, expected >= 16384 pages"
