# Sourced by the convergence-* benchmark scripts inside an e2e guest (after
# e2e/lib/guest-lib.sh). One tool alone per guest; the same workload for every tool:
#
#   8 meme tasks, each in its own cgroup v2 (/bench/t0 ... /bench/t7), each 310 MiB
#   written continually (all of it active, as fast as the vCPU goes), its pages spread
#   evenly over every node when first touched (meme -I: interleaved, then the policy
#   is dropped so that the pages are free to move). 310 MiB and a busy writer because
#   numad only considers processes above 300 MiB and half a CPU.
#
# convergence_run TOOL START_FUNCTION STOP_FUNCTION: starts the memes, lets them run
# CONV_SETTLE seconds (their stalls then are the baseline), starts the tool and watches
# (benchmarks/realkernel/converge.py) until >= 95 % of every task's memory is on the
# node of the CPU it runs on, for 3 samples in a row, or CONV_BOUND seconds pass. The
# kernel's automatic NUMA balancing is off unless the tool turns it on. Figures:
#   converged (1/0), seconds, pgmigrate_success, numa_pages_migrated,
#   longest_stall_s (the longest time any task took for 256 page writes while the tool
#   worked), slowest_round_s (the slowest pass of any task over its 310 MiB), and the
#   same two for the settle period (baseline_*: what TCG and 8 busy tasks cost alone).
CONV_TASKS=8
CONV_MIB=${CONV_MIB:-310}
CONV_BOUND=${CONV_BOUND:-600}
CONV_SETTLE=${CONV_SETTLE:-20}
BENCH_DIR="$E2E_REPO/benchmarks/realkernel"

# conv_max_stalls PREFIX: asks every meme for its stalls (SIGUSR2) at once, so that all
# of them measure the same stretch of time (and a starved guest answers eight requests in
# the time of one: asked one after the other they took 1-2 min each at load 25), waits up
# to the scaled 300 s for the answers ("stalls longest_chunk_s slowest_round_s rounds")
# and records the largest of each kind; a task that does not answer is left out.
conv_max_stalls() {
    local prefix=$1 i chunk=0 round=0 c r n deadline seen=()
    for i in $(seq 0 $((CONV_TASKS - 1))); do
        seen+=("$(grep -c '^stalls' "${CONV_OUTS[$i]}" || true)")
    done
    for i in $(seq 0 $((CONV_TASKS - 1))); do kill -USR2 "${CONV_PIDS[$i]}"; done
    deadline=$(( $(date +%s) + $(scaled 300) ))
    for i in $(seq 0 $((CONV_TASKS - 1))); do
        while [ "$(grep -c '^stalls' "${CONV_OUTS[$i]}" || true)" -le "${seen[$i]}" ] && [ "$(date +%s)" -lt $deadline ]; do
            sleep 1
        done
        if [ "$(grep -c '^stalls' "${CONV_OUTS[$i]}" || true)" -le "${seen[$i]}" ]; then
            note "$prefix t$i: no stalls reported within $(scaled 300) s (left out)"
            continue
        fi
        read -r c r n <<< "$(grep '^stalls' "${CONV_OUTS[$i]}" | tail -1 | cut -d' ' -f2-)"
        note "$prefix t$i: longest 256-page chunk ${c}s, slowest round ${r}s over $n round(s)"
        chunk=$(awk -v a="$chunk" -v b="$c" 'BEGIN {print (b > a) ? b : a}')
        round=$(awk -v a="$round" -v b="$r" 'BEGIN {print (b > a) ? b : a}')
    done
    figure "${prefix}longest_stall_s" "$chunk"
    figure "${prefix}slowest_round_s" "$round"
}

convergence_run() {
    local tool=$1 start_tool=$2 stop_tool=$3 nodes i specs=() lo hi
    cgroup2_setup
    echo 0 > /proc/sys/kernel/numa_balancing
    nodes=$(ls -d /sys/devices/system/node/node[0-9]* | wc -l)
    # all memes at once: started one after the other, each would touch its memory while the
    # ones before it already keep every vCPU busy (minutes under TCG)
    CONV_PIDS=(); CONV_OUTS=()
    for i in $(seq 0 $((CONV_TASKS - 1))); do
        cgroup2_task "/bench/t$i"
        CONV_OUTS+=("$(mktemp /tmp/meme.XXXXXX)")
        bash -c 'echo $$ > "$1/cgroup.procs" && shift && exec "$@"' start "/sys/fs/cgroup/bench/t$i" \
            "$E2E_MEME" -s "$CONV_MIB" -a "$CONV_MIB" -I "$nodes" -r 100000000 > "${CONV_OUTS[$i]}" 2>&1 &
        CONV_PIDS+=("$!")
    done
    local deadline=$(( $(date +%s) + $(scaled 600) ))
    for i in $(seq 0 $((CONV_TASKS - 1))); do
        until grep -q '^ready' "${CONV_OUTS[$i]}"; do
            kill -0 "${CONV_PIDS[$i]}" 2>/dev/null || { cat "${CONV_OUTS[$i]}"; fail "meme t$i exited before it was ready"; }
            [ "$(date +%s)" -lt $deadline ] || fail "meme t$i not ready after $(scaled 600) s"
            sleep 0.5
        done
        read -r lo hi <<< "$(awk '$1 == "range" && $2 == "active" {print $3, $4}' "${CONV_OUTS[$i]}")"
        specs+=("t$i:${CONV_PIDS[$i]}:$lo:$hi")
        note "t$i pid ${CONV_PIDS[$i]}, pages per node: $(numa_maps_pages "${CONV_PIDS[$i]}" "$lo" "$hi" | paste -sd' ')"
    done
    note "$CONV_TASKS tasks of $CONV_MIB MiB spread over $nodes nodes; settling ${CONV_SETTLE}s"
    sleep "$CONV_SETTLE"
    conv_max_stalls baseline_
    # the watcher first (its start under TCG takes seconds), then the tool
    rm -f /tmp/conv-ready /tmp/conv-go
    python3 "$BENCH_DIR/converge.py" --ready /tmp/conv-ready --go /tmp/conv-go --bound "$CONV_BOUND" \
        --share 0.95 --hold 3 --timeline "$E2E_RESULTS/timeline.tsv" "${specs[@]}" > "$E2E_RESULTS/convergence.json" &
    local watcher=$! start
    until [ -e /tmp/conv-ready ]; do
        kill -0 "$watcher" 2>/dev/null || fail "converge.py exited before it was ready"
        sleep 0.1
    done
    note "starting $tool; watching for at most ${CONV_BOUND}s"
    start=$(date +%s.%N)
    "$start_tool"
    echo "$start" > /tmp/conv-go
    wait "$watcher" || fail "converge.py failed"
    note "watched for $(seconds_since "$start")s: $(cat "$E2E_RESULTS/convergence.json")"
    conv_max_stalls ""
    "$stop_tool"
    python3 - "$E2E_RESULTS/convergence.json" <<'PY' >> "$E2E_RESULTS/figures.txt"
import json, sys
r = json.load(open(sys.argv[1]))
print(f"converged={1 if r['converged'] else 0}")
print(f"seconds={r['seconds']}")
print(f"bound_s={r['bound']}")
for k in ("pgmigrate_success", "pgmigrate_fail", "numa_pages_migrated", "numa_hint_faults"):
    print(f"{k}={r['vmstat'][k]}")
print("final_shares=" + " ".join(f"{n}@{t['node']}:{t['share']}" for n, t in sorted(r['tasks'].items())))
PY
    sed 's/^/  figure /' "$E2E_RESULTS/figures.txt"
    for i in $(seq 0 $((CONV_TASKS - 1))); do kill "${CONV_PIDS[$i]}" 2>/dev/null || true; done
}
