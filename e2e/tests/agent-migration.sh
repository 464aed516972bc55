# e2e-topology: twoNodePlusTwoCpuless
# e2e-agent: yes
# e2e-timeout: 900
# The executor's memory moves, judged by the kernel (/proc/PID/numa_maps):
# - a 512 MiB meme on node 0 moved to node 1 (static-placement migrate-to=1) ends
#   with >= 99 % of its pages on node 1, with migration: migrate_pages and with
#   migration: move_pages (batches of 512 pages);
# - batched move_pages keeps its longest single call below migrate_pages' one call;
# - with bandwidth: 16Mi a 48 MiB move is paced: it cannot take less than
#   (48 MiB - one batch of burst) / 16 MiB/s = 2.875 s (load can only make it slower,
#   so no upper bound is asserted; the time is recorded as a figure);
# - where the topology has CPU-less nodes, memory moved there lands there.
# The agent runs its loop until the outcome says the move is done: one cycle's
# max_migration_per_cycle (10 s) may run out on a busy machine and the walk resumes
# in the next cycle, so the outcomes of all cycles are summed.
require_agent
cgroup2_setup
cgroup2_task /e2e/a
total=131072
# sum or maximum of an outcome field over the move's cycles
total_of() { outcomes sum "$1" "$2" type=migrate-memory task=/e2e/a; }
max_of() { outcomes values "$1" "$2" type=migrate-memory task=/e2e/a | sort -n | tail -1; }

move_and_check() {  # move_and_check MODE BANDWIDTH MIB TARGET
    local mode=$1 bw=$2 mib=$3 target=$4 pages=$(( $3 * 256 ))
    MEME_CGROUPS=/sys/fs/cgroup/e2e/a meme_start -s "$mib" -n 0 -r 0
    read -r lo hi <<< "$(meme_range idle0)"
    agent_config /tmp/cfg.yaml /e2e/a \
        "{name: static-placement, interval: 1s, config: {rules: [\"/e2e/a migrate-to=$target\"]}}" \
        "{apply: true, migration: $mode, bandwidth: $bw, move_pages_batch: 512}"
    local out=/tmp/out-$mode-$mib-$target.jsonl
    agent_until_migrated /tmp/cfg.yaml "$out" /e2e/a
    local got; got=$(pages_on "$target" "$lo" "$hi")
    note "$mode to node $target: $got of $pages pages there; numa_maps: $(numa_maps_pages "$MEME_PID" "$lo" "$hi" | paste -sd' ')"
    [ $((got * 100)) -ge $((pages * 99)) ] || fail "$mode: only $got of $pages pages on node $target"
    assert_eq "$mode: failed migrate-memory outcomes" 0 "$(outcomes count "$out" type=migrate-memory task=/e2e/a status=failed)"
    MOVES=$(outcomes count "$out" type=migrate-memory task=/e2e/a status=applied)
    [ "$MOVES" -ge 1 ] || fail "$mode: no applied migrate-memory outcome"
    moved=$(total_of "$out" pagesMoved)
    [ "${moved:-0}" -ge $((pages * 99 / 100)) ] || fail "$mode: outcomes report pagesMoved=${moved:-none} in all, expected >= 99 % of $pages"
    note "$mode: $moved pages moved in $MOVES applied outcome(s)"
    DURATION_NS=$(total_of "$out" durationNanos)
    LONGEST_NS=$(max_of "$out" longestCallNanos)
    MOVED=$moved
    # outcomes that moved pages: each of them may start with a full bucket
    PACED=$(outcomes values "$out" pagesMoved type=migrate-memory task=/e2e/a status=applied | awk '$1 > 0' | wc -l)
    kill "$MEME_PID"; wait "$MEME_PID" 2>/dev/null || true
}

move_and_check migrate_pages 0 512 1
figure "agent_migrate_pages_512MiB_s" "$(awk -v n="$DURATION_NS" 'BEGIN {printf "%.3f", n / 1e9}')"
figure "agent_migrate_pages_longest_call_s" "$(awk -v n="$LONGEST_NS" 'BEGIN {printf "%.4f", n / 1e9}')"
longest_migrate=$LONGEST_NS

move_and_check move_pages 0 512 1
figure "agent_move_pages_512MiB_s" "$(awk -v n="$DURATION_NS" 'BEGIN {printf "%.3f", n / 1e9}')"
figure "agent_move_pages_longest_call_s" "$(awk -v n="$LONGEST_NS" 'BEGIN {printf "%.4f", n / 1e9}')"
[ "$LONGEST_NS" -lt "$longest_migrate" ] \
    || fail "longest move_pages call ${LONGEST_NS} ns not below the migrate_pages call ${longest_migrate} ns"

# bandwidth limit: 48 MiB at 16 MiB/s. The limiter is a token bucket with a burst of one
# batch (512 pages = 2 MiB) that refills while it is idle (between cycles, too), so
# the moves of each outcome that moved pages take at least (bytes moved - 2 MiB) / 16 MiB/s.
move_and_check move_pages 16Mi 48 1
secs=$(awk -v n="$DURATION_NS" 'BEGIN {printf "%.3f", n / 1e9}')
min_secs=$(awk -v p="$MOVED" -v k="$PACED" 'BEGIN {b = p * 4096 - k * 512 * 4096; if (b < 0) b = 0; printf "%.3f", b / (16 * 1048576)}')
figure agent_move_pages_48MiB_at_16MiBps_s "$secs"
note "48 MiB at 16 MiB/s: ${secs}s, pages moved in $PACED cycle(s); pacing allows no less than ${min_secs}s"
awk -v s="$secs" -v m="$min_secs" 'BEGIN {exit !(s >= m)}' \
    || fail "48 MiB at 16 MiB/s took ${secs}s, less than the ${min_secs}s the bandwidth limit allows"

cpuless=$(expected "' '.join(str(n['id']) for n in d['nodes'] if not n['cpus'])")
if [ -n "$cpuless" ]; then
    move_and_check move_pages 0 256 "${cpuless%% *}"
    figure "agent_move_pages_256MiB_to_cpuless_s" "$(awk -v n="$DURATION_NS" 'BEGIN {printf "%.3f", n / 1e9}')"
fi
