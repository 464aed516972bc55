# e2e-topology: twoNode
# e2e-agent: yes
# e2e-timeout: 1800
# Benchmark (not a test): 512 MiB of one task moved between node 0 and node 1 at
# unlimited bandwidth, by numactl's migratepages (one migrate_pages(2) call for the
# whole process) and by numa-agent's executor (batched move_pages(2), MOVER_BATCH pages a
# call, default 4096 as shipped; bandwidth: 0), MOVER_ROUNDS times each, alternating which goes first and so the
# direction. The task (meme) writes all of its 512 MiB continually, so the longest
# stall it sees during each move is measured too (longest 256-page write chunk, meme
# SIGUSR2). kernel.numa_balancing=0. Figures per move:
#   <tool>_<round>_s          the move: migratepages' run time, or the executor's
#                             durationNanos summed over its migrate-memory outcomes that
#                             moved pages (move_pages_<round>_all_cycles_s: over all of
#                             them, with the checks of the cycles that found nothing left)
#   <tool>_<round>_longest_call_s   one call: migratepages' whole run; the executor's
#                             longestCallNanos (any cycle)
#   <tool>_<round>_stall_s    the task's longest 256-page write chunk during the move
#   <tool>_<round>_on_target_pct
. "$(dirname "$E2E_TEST_FILE")/mover-lib.sh"
require_agent
cgroup2_setup
echo 0 > /proc/sys/kernel/numa_balancing
cgroup2_task /bench/m
rounds=${MOVER_ROUNDS:-3}
pages=131072
# -I 1: first touched on node 0 with the default policy afterwards (no mbind to hold them)
MEME_CGROUPS=/sys/fs/cgroup/bench/m meme_start -s 512 -a 512 -I 1 -r 100000000
read -r lo hi <<< "$(meme_range active)"
on_target() {  # on_target NODE TOOL ROUND
    local got; got=$(pages_on "$1" "$lo" "$hi")
    note "$2 round $3: $got of $pages pages on node $1; numa_maps: $(numa_maps_pages "$MEME_PID" "$lo" "$hi" | paste -sd' ')"
    [ $((got * 100)) -ge $((pages * 99)) ] || fail "$2 round $3: only $got of $pages pages on node $1"
    figure "${2}_${3}_on_target_pct" "$(awk -v g="$got" -v p="$pages" 'BEGIN {printf "%.2f", 100 * g / p}')"
}
move_migratepages() {  # ROUND FROM TO
    local start secs
    stall_now > /dev/null
    start=$(date +%s.%N)
    migratepages "$MEME_PID" "$2" "$3"
    secs=$(seconds_since "$start")
    figure "migratepages_${1}_s" "$secs"
    figure "migratepages_${1}_longest_call_s" "$secs"
    figure "migratepages_${1}_stall_s" "$(stall_now)"
    on_target "$3" migratepages "$1"
}
move_agent() {  # ROUND FROM TO
    local out=/tmp/mover-$1.jsonl
    agent_config /tmp/mover.yaml /bench/m \
        "{name: static-placement, interval: 1s, config: {rules: [\"/bench/m migrate-to=$3\"]}}" \
        "{apply: true, migration: move_pages, bandwidth: 0, move_pages_batch: ${MOVER_BATCH:-4096}}"
    stall_now > /dev/null
    agent_until_migrated /tmp/mover.yaml "$out" /bench/m
    local stall; stall=$(stall_now)
    local took all longest
    # the move: outcomes that moved pages (the loop is stopped only after the agent's
    # next cycles found nothing left, and those checks are not part of the move)
    took=$(outcomes dump "$out" type=migrate-memory task=/bench/m \
        | python3 -c 'import json,sys; print(sum(o["durationNanos"] for o in map(json.loads, sys.stdin) if o.get("pagesMoved", 0) > 0))')
    all=$(outcomes sum "$out" durationNanos type=migrate-memory task=/bench/m)
    longest=$(outcomes values "$out" longestCallNanos type=migrate-memory task=/bench/m | sort -n | tail -1)
    figure "move_pages_${1}_s" "$(awk -v n="$took" 'BEGIN {printf "%.3f", n / 1e9}')"
    figure "move_pages_${1}_all_cycles_s" "$(awk -v n="$all" 'BEGIN {printf "%.3f", n / 1e9}')"
    figure "move_pages_${1}_longest_call_s" "$(awk -v n="$longest" 'BEGIN {printf "%.4f", n / 1e9}')"
    figure "move_pages_${1}_stall_s" "$stall"
    figure "move_pages_${1}_cycles" "$AGENT_CYCLES"
    on_target "$3" move_pages "$1"
    cp "$out" "$E2E_RESULTS/"
}
figure batch_pages "${MOVER_BATCH:-4096}"
figure idle_stall_s "$(sleep 10; stall_now)"
node=0
for r in $(seq 1 "$rounds"); do
    other=$((1 - node))
    if [ $((r % 2)) = 1 ]; then
        move_migratepages "$r" "$node" "$other"; move_agent "$r" "$other" "$node"
    else
        move_agent "$r" "$node" "$other"; move_migratepages "$r" "$other" "$node"
    fi
done
kill "$MEME_PID"; wait "$MEME_PID" 2>/dev/null || true
