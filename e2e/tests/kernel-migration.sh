# e2e-topology: twoNodePlusTwoCpuless
# e2e-timeout: 240
# Kernel baseline for the agent's migration modes: a 512 MiB meme on node 0 moved to
# node 1 with migrate_pages(2) (numactl's migratepages), back to node 0 with
# move_pages(2) in batches of 512 pages, and (where the topology has CPU-less memory
# nodes) 128 MiB of it to the first CPU-less node. Each move must leave >= 99 % of
# the pages on the target node (/proc/PID/numa_maps); the times are recorded as
# figures to compare the agent's executor against.
cpuless=$(expected "' '.join(str(n['id']) for n in d['nodes'] if not n['cpus'])")
meme_start -s 512 -n 0 -r 0
read -r lo hi <<< "$(meme_range idle0)"
total=131072
on_node() { numa_maps_pages "$MEME_PID" "$lo" "$hi" | awk -v n="$1" '$1 == n {print $2}'; }
require_share() {  # require_share NODE PAGES_EXPECTED WHAT
    local got; got=$(on_node "$1"); got=${got:-0}
    note "$3: $got of $2 pages on node $1; numa_maps: $(numa_maps_pages "$MEME_PID" "$lo" "$hi" | paste -sd' ')"
    [ $((got * 100)) -ge $(($2 * 99)) ] || fail "$3: only $got of $2 pages on node $1"
}
require_share 0 $total "initial placement"

start=$(date +%s.%N)
migratepages "$MEME_PID" 0 1
secs=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN {printf "%.2f", e - s}')
require_share 1 $total "after migrate_pages 0 -> 1"
figure migrate_pages_512MiB_s "$secs"

moved=$(python3 "$E2E_DIR/lib/pagetool.py" move-pages "$MEME_PID" "$lo" "$hi" 0 512)
note "move_pages: $moved"
require_share 0 $total "after move_pages 1 -> 0 (batch 512)"
figure move_pages_512MiB_batch512_s "$(python3 -c "import json,sys; print(json.loads(sys.argv[1])['seconds'])" "$moved")"
figure move_pages_batch512_longest_call_s "$(python3 -c "import json,sys; print(json.loads(sys.argv[1])['longest_call_s'])" "$moved")"

if [ -n "$cpuless" ]; then
    target=${cpuless%% *}
    part=32768  # 128 MiB
    moved=$(python3 "$E2E_DIR/lib/pagetool.py" move-pages "$MEME_PID" "$lo" "$hi" "$target" 512 $part)
    note "move_pages to CPU-less node $target: $moved"
    part_hi=$(printf '%x' $((0x$lo + part * 4096)))
    got=$(numa_maps_pages "$MEME_PID" "$lo" "$hi" | awk -v n="$target" '$1 == n {print $2}')
    [ $((${got:-0} * 100)) -ge $((part * 99)) ] || fail "only ${got:-0} of $part pages on CPU-less node $target"
    note "ok: ${got} of $part pages on CPU-less node $target"
    figure move_pages_128MiB_to_cpuless_s "$(python3 -c "import json,sys; print(json.loads(sys.argv[1])['seconds'])" "$moved")"
fi
