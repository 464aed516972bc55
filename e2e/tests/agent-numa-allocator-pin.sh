# e2e-topology: twoNode
# e2e-agent: yes
# e2e-timeout: 900
# The numa-allocator's pin-and-migrate on a real kernel, in both migration modes: task
# /e2e/big is pinned to node 0 (its cpuset is node 0's CPUs); task /e2e/a has 256 MiB
# on node 0 and no pin. fill_biggest_first must pin /e2e/a to node 1 (node 0 already
# holds /e2e/big) and the executor must move its memory there: >= 99 % of its pages on
# node 1 per /proc/PID/numa_maps, with migration: move_pages and migration: migrate_pages.
# cpuset.mems is left alone (no cgroups_memory_binding), so the kernel moves nothing
# by itself; AutoNUMA is switched off so that only the agent moves pages. The agent
# runs its loop until the migrate-memory outcome says the move is done (a walk cut
# short by max_migration_per_cycle on a busy machine goes on in the next cycle).
require_agent
cgroup2_setup
echo 0 > /proc/sys/kernel/numa_balancing
cgroup2_task /e2e/big
cgroup2_task /e2e/a
node0=$(node_cpus 0)
node1=$(node_cpus 1)
echo "$node0" > /sys/fs/cgroup/e2e/big/cpuset.cpus
MEME_CGROUPS=/sys/fs/cgroup/e2e/big meme_start -s 64 -n 0 -r 0
BIG_PID=$MEME_PID
pages=65536

pin_and_check() {  # pin_and_check MODE
    local mode=$1
    echo "" > /sys/fs/cgroup/e2e/a/cpuset.cpus   # unpinned: inherits every CPU
    MEME_CGROUPS=/sys/fs/cgroup/e2e/a meme_start -s 256 -n 0 -r 0
    read -r lo hi <<< "$(meme_range idle0)"
    assert_eq "$mode: pages of /e2e/a on node 0 before" "$pages" "$(pages_on 0 "$lo" "$hi")"
    agent_config /tmp/cfg.yaml /e2e/big,/e2e/a \
        "{name: numa-allocator, interval: 1s, config: {migration: $mode}}" \
        "{apply: true, migration: move_pages, bandwidth: 0, move_pages_batch: 512}"
    agent_until_migrated /tmp/cfg.yaml /tmp/out-$mode.jsonl /e2e/a
    assert_eq "$mode: applied set-cpus of /e2e/a" 1 \
        "$(outcomes count /tmp/out-$mode.jsonl type=set-cpus task=/e2e/a status=applied)"
    assert_eq "$mode: cpuset.cpus of /e2e/a" "$node1" "$(cat /sys/fs/cgroup/e2e/a/cpuset.cpus)"
    assert_eq "$mode: Cpus_allowed_list of meme" "$node1" "$(proc_status "$MEME_PID" Cpus_allowed_list)"
    assert_eq "$mode: failed migrate-memory of /e2e/a" 0 \
        "$(outcomes count /tmp/out-$mode.jsonl type=migrate-memory task=/e2e/a status=failed)"
    [ "$(outcomes count /tmp/out-$mode.jsonl type=migrate-memory task=/e2e/a status=applied)" -ge 1 ] \
        || fail "$mode: no applied migrate-memory of /e2e/a"
    local got; got=$(pages_on 1 "$lo" "$hi")
    note "$mode: $got of $pages pages on node 1; numa_maps: $(numa_maps_pages "$MEME_PID" "$lo" "$hi" | paste -sd' ')"
    [ $((got * 100)) -ge $((pages * 99)) ] || fail "$mode: only $got of $pages pages on node 1"
    local longest; longest=$(outcomes values /tmp/out-$mode.jsonl longestCallNanos type=migrate-memory task=/e2e/a | sort -n | tail -1)
    local took; took=$(outcomes sum /tmp/out-$mode.jsonl durationNanos type=migrate-memory task=/e2e/a)
    figure "allocator_${mode}_256MiB_s" "$(awk -v n="$took" 'BEGIN {printf "%.3f", n / 1e9}')"
    figure "allocator_${mode}_longest_call_s" "$(awk -v n="$longest" 'BEGIN {printf "%.4f", n / 1e9}')"
    figure "allocator_${mode}_pages_on_target_pct" "$(awk -v g="$got" -v p="$pages" 'BEGIN {printf "%.2f", 100 * g / p}')"
    kill "$MEME_PID"; wait "$MEME_PID" 2>/dev/null || true
}

pin_and_check move_pages
pin_and_check migrate_pages
kill "$BIG_PID"; wait "$BIG_PID" 2>/dev/null || true
