# e2e-topology: twoNode
# e2e-timeout: 90
# The cgroup v2 setup the agent tests rely on, checked with plain writes: cgroup2 at
# /sys/fs/cgroup with cpuset and memory delegated to /e2e/a; writing cpuset.cpus and
# cpuset.mems there changes what the kernel lets meme use (/proc/PID/status), and
# (v2 always migrates on a mems change) moves meme's memory to the new node.
cgroup2_setup
cgroup2_task /e2e/a
MEME_CGROUPS=/sys/fs/cgroup/e2e/a meme_start -s 64 -r 0
assert_eq "meme's cgroup" "0::/e2e/a" "$(cat "/proc/$MEME_PID/cgroup")"
cpus=$(node_cpus 1)
echo "$cpus" > /sys/fs/cgroup/e2e/a/cpuset.cpus
echo 1 > /sys/fs/cgroup/e2e/a/cpuset.mems
assert_eq "Cpus_allowed_list" "$cpus" "$(proc_status "$MEME_PID" Cpus_allowed_list)"
assert_eq "Mems_allowed_list" 1 "$(proc_status "$MEME_PID" Mems_allowed_list)"
read -r lo hi <<< "$(meme_range idle0)"
wait_pages_on 1 "$lo" "$hi" 16220 30 || fail "memory did not follow cpuset.mems: $(numa_maps_pages "$MEME_PID" "$lo" "$hi" | paste -sd' ')"
note "ok: $(pages_on 1 "$lo" "$hi") of 16384 pages on node 1 after the mems change"
anon_n1=$(awk '$1 == "anon" {for (i = 2; i <= NF; i++) if ($i ~ /^N1=/) print substr($i, 4)}' /sys/fs/cgroup/e2e/a/memory.numa_stat)
[ "$anon_n1" -ge $((60 * 1024 * 1024)) ] || fail "memory.numa_stat anon N1=$anon_n1, expected >= 60 MiB"
note "ok: memory.numa_stat anon N1=$anon_n1"
