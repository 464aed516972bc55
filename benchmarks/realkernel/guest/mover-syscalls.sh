# e2e-topology: twoNode
# e2e-timeout: 1800
# Benchmark (not a test): the kernel's cost of each way to move 512 MiB of a task that
# writes all of it continually, measured with movebench (benchmarks/realkernel/movebench.c,
# compiled on the host by run.sh): one migrate_pages(2) (numactl's migratepages), batched
# move_pages(2) with a query of each batch first (the executor's walk), and batched
# move_pages(2) without the query, at 512 and 4096 pages a batch. No JVM in the guest: set
# beside mover-vs-migratepages, it tells the kernel's share of the executor's time from
# the share of the Java code around the calls. MOVER_ROUNDS rounds, each way moving
# node 0 -> 1 and back. kernel.numa_balancing=0. Figures per way, round and direction:
#   <way>_<round>_<dir>_s, _longest_call_s, _calls, _stall_s (the task's longest 256-page
#   write chunk during the move)
. "$(dirname "$E2E_TEST_FILE")/mover-lib.sh"
MOVEBENCH="$E2E_REPO/benchmarks/out/movebench"
[ -x "$MOVEBENCH" ] || skip "movebench not built at $MOVEBENCH (benchmarks/realkernel/run.sh builds it)"
cgroup2_setup
echo 0 > /proc/sys/kernel/numa_balancing
cgroup2_task /bench/m
rounds=${MOVER_ROUNDS:-2}
pages=131072
MEME_CGROUPS=/sys/fs/cgroup/bench/m meme_start -s 512 -a 512 -I 1 -r 100000000
read -r lo hi <<< "$(meme_range active)"
figure idle_stall_s "$(sleep 10; stall_now)"
move() {  # WAY ROUND TARGET MODE [BATCH]
    local out got
    stall_now > /dev/null
    out=$("$MOVEBENCH" "$MEME_PID" "$lo" "$hi" "$3" "$4" ${5:-}) || fail "movebench $4 failed: $out"
    note "$1 round $2 to node $3: $out"
    got=$(pages_on "$3" "$lo" "$hi")
    [ $((got * 100)) -ge $((pages * 99)) ] || fail "$1 round $2: only $got of $pages pages on node $3"
    local tag="${1}_${2}_to$3"
    figure "${tag}_s" "$(sed 's/.*seconds=\([^ ]*\).*/\1/' <<< "$out")"
    figure "${tag}_longest_call_s" "$(sed 's/.*longest_call_s=\([^ ]*\).*/\1/' <<< "$out")"
    figure "${tag}_calls" "$(sed 's/.*calls=\([^ ]*\).*/\1/' <<< "$out")"
    figure "${tag}_stall_s" "$(stall_now)"
}
for r in $(seq 1 "$rounds"); do
    for way in migrate "query_move_512 query-move 512" "move_512 move 512" "query_move_4096 query-move 4096" \
            "move_4096 move 4096"; do
        read -r name mode batch <<< "$way"
        move "$name" "$r" 1 "${mode:-$name}" $batch
        move "$name" "$r" 0 "${mode:-$name}" $batch
    done
done
kill "$MEME_PID"; wait "$MEME_PID" 2>/dev/null || true
