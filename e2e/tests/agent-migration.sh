# e2e-topology: twoNodePlusTwoCpuless
# e2e-agent: yes
# e2e-timeout: 420
# The executor's memory moves, judged by the kernel (/proc/PID/numa_maps):
# - a 512 MiB meme on node 0 moved to node 1 (static-placement migrate-to=1) ends
#   with >= 99 % of its pages on node 1, with migration: migrate_pages and with
#   migration: move_pages (batches of 512 pages);
# - batched move_pages keeps its longest single call below migrate_pages' one call;
# - with bandwidth: 16Mi a 48 MiB move takes 3 s +-10 %;
# - where the topology has CPU-less nodes, memory moved there lands there.
require_agent
cgroup2_setup
cgroup2_task /e2e/a
total=131072
ns() { outcomes values "$1" "$2" type=migrate-memory task=/e2e/a | head -1; }

move_and_check() {  # move_and_check MODE BANDWIDTH MIB TARGET
    local mode=$1 bw=$2 mib=$3 target=$4 pages=$(( $3 * 256 ))
    MEME_CGROUPS=/sys/fs/cgroup/e2e/a meme_start -s "$mib" -n 0 -r 0
    read -r lo hi <<< "$(meme_range idle0)"
    agent_config /tmp/cfg.yaml /e2e/a \
        "{name: static-placement, interval: 1s, config: {rules: [\"/e2e/a migrate-to=$target\"]}}" \
        "{apply: true, migration: $mode, bandwidth: $bw, move_pages_batch: 512}"
    agent_once /tmp/cfg.yaml /tmp/out.jsonl
    local got; got=$(pages_on "$target" "$lo" "$hi")
    note "$mode to node $target: $got of $pages pages there; numa_maps: $(numa_maps_pages "$MEME_PID" "$lo" "$hi" | paste -sd' ')"
    [ $((got * 100)) -ge $((pages * 99)) ] || fail "$mode: only $got of $pages pages on node $target"
    assert_eq "$mode: applied migrate-memory outcomes" 1 "$(outcomes count /tmp/out.jsonl type=migrate-memory task=/e2e/a status=applied)"
    moved=$(ns /tmp/out.jsonl pagesMoved)
    [ "${moved:-0}" -ge $((pages * 99 / 100)) ] || fail "$mode: outcome reports pagesMoved=${moved:-none}, expected >= 99 % of $pages"
    DURATION_NS=$(ns /tmp/out.jsonl durationNanos)
    LONGEST_NS=$(ns /tmp/out.jsonl longestCallNanos)
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

# bandwidth limit: 48 MiB at 16 MiB/s = 3 s
move_and_check move_pages 16Mi 48 1
secs=$(awk -v n="$DURATION_NS" 'BEGIN {printf "%.3f", n / 1e9}')
figure agent_move_pages_48MiB_at_16MiBps_s "$secs"
awk -v s="$secs" 'BEGIN {exit !(s >= 2.7 && s <= 3.3)}' || fail "48 MiB at 16 MiB/s took ${secs}s, expected 3 s +-10 %"

cpuless=$(expected "' '.join(str(n['id']) for n in d['nodes'] if not n['cpus'])")
if [ -n "$cpuless" ]; then
    move_and_check move_pages 0 256 "${cpuless%% *}"
    figure "agent_move_pages_256MiB_to_cpuless_s" "$(awk -v n="$DURATION_NS" 'BEGIN {printf "%.3f", n / 1e9}')"
fi
