# e2e-topology: twoNode
# e2e-kernel: custom
# e2e-agent: yes
# e2e-timeout: 1800
# Benchmark, not a pass/fail bound: idlepage and softdirty scan rates (pages/s) over a 1 GiB meme
# (touched once, so every page is present, exclusive and idle/clean), the runner's trackers against
# memtierd's in the same guest, same settings (PagesInRegion 512, MaxCountPerRegion 0,
# ScanIntervalMs 1000, RegionsUpdateMs 10000, default readaheads). memtierd comes from
# e2e/out/bin/memtierd (built on the host from its source by lib/build-memtierd.sh; skipped when
# absent). Its rate: "tot[pages]" / (scans * "avg[s]") of `stats -t memory_scans`, which times the
# pagemap pass only (idlepage: the count pass, not the set-idle pass; softdirty: not the clear_refs
# write). Ours from the tracker's debug line per scan, over the scans after the first three (JIT
# warm-up): the whole scan, and for idlepage the count pass alone (like for like). The only
# assertions: both scanned the meme.
MEMTIERD=${NUMA_AGENT_E2E_MEMTIERD:-$E2E_DIR/out/bin/memtierd}
[ -x "$MEMTIERD" ] || skip "no memtierd at $MEMTIERD (build it: e2e/lib/build-memtierd.sh <memtierd source> e2e/out/bin)"
require_agent
[ -e /sys/kernel/mm/page_idle/bitmap ] || fail "no /sys/kernel/mm/page_idle/bitmap on $(uname -r)"
echo 0 > /proc/sys/kernel/numa_balancing
cgroup2_setup
cgroup2_task /e2e/a
MEME_CGROUPS=/sys/fs/cgroup/e2e/a meme_start -s 1024 -r 0
pages=$((1024 * 256))
seconds=$(scaled 30)
lib=$(mktemp -d)
tc="$E2E_REPO/agent-runner/target/test-classes"
mkdir -p /tmp/plugins "$lib/META-INF/services" "$lib/io/numaagent/runner/testplugin"
cp "$tc"/io/numaagent/runner/testplugin/TrackAllTestPluginFactory*.class "$lib/io/numaagent/runner/testplugin/"
echo io.numaagent.runner.testplugin.TrackAllTestPluginFactory > "$lib/META-INF/services/io.numaagent.api.plugin.PluginFactory"
(cd "$lib" && jar cf /tmp/plugins/track-all-test.jar .)

# bench KIND: memtierd's tracker KIND, then the agent's, over the meme; figures per kind.
bench() {
    local kind=$1 cfg row mt_scans mt_rate our_scans our_pages our_rate our_count_rate
    echo "-- $kind: memtierd $(cat "$(dirname "$MEMTIERD")/memtierd.commit" 2>/dev/null | cut -c1-8)"
    cfg='{"PagesInRegion":512,"MaxCountPerRegion":0,"ScanIntervalMs":1000,"RegionsUpdateMs":10000}'
    { echo "tracker -create $kind -config '$cfg' -start $MEME_PID"; sleep "$seconds"
      echo "stats -t memory_scans -f csv"; echo "tracker -stop"; echo q; } | "$MEMTIERD" -prompt > "/tmp/mt-$kind.out" 2>&1 || true
    sed 's/^/    memtierd: /' "/tmp/mt-$kind.out" | tail -8
    row=$(grep "^$MEME_PID," "/tmp/mt-$kind.out" | tail -1)
    [ -n "$row" ] || fail "memtierd's $kind tracker reported no scan of meme"
    read -r mt_scans mt_rate <<< "$(echo "$row" | awk -F, '{printf "%d %.0f\n", $2, $3 / ($2 * $4)}')"
    note "memtierd $kind: $mt_scans scans, $mt_rate pages/s"

    echo "-- $kind: numa-agent"
    agent_config "/tmp/cfg-$kind.yaml" /e2e/a \
        "{name: track-all-test, interval: 1s, config: {tracker: $kind, scan_ms: 1000, regions_update_ms: 10000}}" "{apply: false}"
    NUMA_AGENT_JAVA_OPTS="-XX:+UseSerialGC -Dorg.slf4j.simpleLogger.log.io.numaagent.runner.tracking.TrackerRun=debug" \
        agent snapshot --track "$seconds" -c "/tmp/cfg-$kind.yaml" --plugins-dir /tmp/plugins > "/tmp/snap-$kind.json" 2> "/tmp/snap-$kind.err" \
        || { tail -20 "/tmp/snap-$kind.err"; fail "numa-agent snapshot --track ($kind) failed"; }
    grep "scan: tracker $kind" "/tmp/snap-$kind.err" | sed 's/^.*scan: /    agent: /' | tail -5
    read -r our_scans our_pages our_rate our_count_rate <<< "$(grep "scan: tracker $kind" "/tmp/snap-$kind.err" | \
        awk '{for (i = 1; i <= NF; i++) {if ($i == "read") p = $(i + 1); if ($i == "in") u = $(i + 1); if ($i == "pass") c = $(i + 1)}
              n++; if (n > 3) {tp += p; tu += u; tc += c; k++}}
              END {printf "%d %d %.0f %.0f\n", k, (k ? tp / k : 0), (tu ? tp / (tu / 1e6) : 0), (tc ? tp / (tc / 1e6) : 0)}')"
    note "numa-agent $kind: $our_scans scans after warm-up of $our_pages pages each, $our_rate pages/s (count pass alone: $our_count_rate pages/s)"
    [ "$our_scans" -gt 0 ] || fail "the agent's $kind tracker completed no scan after warm-up"
    [ "$our_pages" -ge "$pages" ] || fail "the agent's $kind scans read $our_pages pages, fewer than meme's $pages"
    grep -q "counters: track-all-test /e2e/a pid $MEME_PID" "/tmp/snap-$kind.err" || fail "snapshot --track ($kind) showed no counters of meme"
    BENCH_MT_SCANS=$mt_scans BENCH_MT_RATE=$mt_rate BENCH_SCANS=$our_scans BENCH_RATE=$our_rate BENCH_COUNT_RATE=$our_count_rate
}
ratio() { awk -v a="$1" -v m="$2" 'BEGIN {printf "%.2f", m ? a / m : 0}'; }

bench idlepage
figure memtierd_idlepage_pages_per_s "$BENCH_MT_RATE"
figure memtierd_idlepage_scans "$BENCH_MT_SCANS"
figure agent_idlepage_pages_per_s "$BENCH_RATE"
figure agent_idlepage_count_pass_pages_per_s "$BENCH_COUNT_RATE"
figure agent_idlepage_scans "$BENCH_SCANS"
# like for like: memtierd times its count pass only
figure agent_to_memtierd_ratio "$(ratio "$BENCH_COUNT_RATE" "$BENCH_MT_RATE")"
figure agent_with_set_idle_to_memtierd_ratio "$(ratio "$BENCH_RATE" "$BENCH_MT_RATE")"

bench softdirty
figure memtierd_softdirty_pages_per_s "$BENCH_MT_RATE"
figure memtierd_softdirty_scans "$BENCH_MT_SCANS"
figure agent_softdirty_pages_per_s "$BENCH_RATE"
figure agent_softdirty_scans "$BENCH_SCANS"
# the agent's whole scan (clear_refs write included) against memtierd's pagemap pass
figure agent_softdirty_to_memtierd_ratio "$(ratio "$BENCH_RATE" "$BENCH_MT_RATE")"
