# e2e-topology: twoNode
# e2e-kernel: custom
# e2e-agent: yes
# e2e-timeout: 3600
# Benchmark, not a pass/fail bound: idlepage and softdirty scan rates (pages/s) over a 1 GiB meme
# (touched once, so every page is present, exclusive and idle/clean), the runner's trackers against
# memtierd's in the same guest, same settings (PagesInRegion 512, MaxCountPerRegion 0,
# ScanIntervalMs 1000, RegionsUpdateMs 10000, default readaheads). memtierd comes from
# e2e/out/bin/memtierd (built on the host from its source by lib/build-memtierd.sh; skipped when
# absent). The host is shared, so its load drifts: memtierd (A) and the agent (B) alternate,
# A B A B ..., NUMA_AGENT_E2E_BENCH_ROUNDS rounds per tracker (default 4; each run
# NUMA_AGENT_E2E_BENCH_SECONDS, default 20 s), and
# each round's ratio compares two neighbouring runs; the figure to read is the median of the rounds.
# memtierd's rate: "tot[pages]" / (scans * "avg[s]") of `stats -t memory_scans`, which times the
# pagemap pass only (idlepage: the count pass, not the set-idle pass; softdirty: not the clear_refs
# write). The agent's from the tracker's debug line per scan, over the scans after the first three
# (JIT warm-up): the count pass (like for like) and the whole scan (with set-idle / clear_refs).
# The only assertions: both scanned the meme.
MEMTIERD=${NUMA_AGENT_E2E_MEMTIERD:-$E2E_DIR/out/bin/memtierd}
[ -x "$MEMTIERD" ] || skip "no memtierd at $MEMTIERD (build it: e2e/lib/build-memtierd.sh <memtierd source> e2e/out/bin)"
require_agent
[ -e /sys/kernel/mm/page_idle/bitmap ] || fail "no /sys/kernel/mm/page_idle/bitmap on $(uname -r)"
echo 0 > /proc/sys/kernel/numa_balancing
cgroup2_setup
cgroup2_task /e2e/a
MEME_CGROUPS=/sys/fs/cgroup/e2e/a meme_start -s 1024 -r 0
pages=$((1024 * 256))
rounds=${E2E_BENCH_ROUNDS:-4}
seconds=${E2E_BENCH_SECONDS:-20}
lib=$(mktemp -d)
tc="$E2E_REPO/agent-runner/target/test-classes"
mkdir -p /tmp/plugins "$lib/META-INF/services" "$lib/io/numaagent/runner/testplugin"
cp "$tc"/io/numaagent/runner/testplugin/TrackAllTestPluginFactory*.class "$lib/io/numaagent/runner/testplugin/"
echo io.numaagent.runner.testplugin.TrackAllTestPluginFactory > "$lib/META-INF/services/io.numaagent.api.plugin.PluginFactory"
(cd "$lib" && jar cf /tmp/plugins/track-all-test.jar .)
note "memtierd $(cut -c1-8 "$(dirname "$MEMTIERD")/memtierd.commit" 2>/dev/null), $rounds rounds of ${seconds}s runs per tracker"

# memtierd_run KIND ROUND: memtierd's tracker KIND over the meme; sets MT_SCANS, MT_RATE.
memtierd_run() {
    local kind=$1 r=$2 cfg row out="/tmp/mt-$1-$2.out"
    cfg='{"PagesInRegion":512,"MaxCountPerRegion":0,"ScanIntervalMs":1000,"RegionsUpdateMs":10000}'
    { echo "tracker -create $kind -config '$cfg' -start $MEME_PID"; sleep "$seconds"
      echo "stats -t memory_scans -f csv"; echo "tracker -stop"; echo q; } | "$MEMTIERD" -prompt > "$out" 2>&1 || true
    row=$(grep "^$MEME_PID," "$out" | tail -1)
    [ -n "$row" ] || { sed 's/^/    memtierd: /' "$out" | tail -8; fail "memtierd's $kind tracker reported no scan of meme (round $r)"; }
    read -r MT_SCANS MT_RATE <<< "$(echo "$row" | awk -F, '{printf "%d %.0f\n", $2, $3 / ($2 * $4)}')"
}

# agent_run KIND ROUND: the agent's tracker KIND over the meme; sets OUR_SCANS, OUR_RATE, OUR_COUNT_RATE.
agent_run() {
    local kind=$1 r=$2 our_pages err="/tmp/snap-$1-$2.err"
    agent_config "/tmp/cfg-$kind.yaml" /e2e/a \
        "{name: track-all-test, interval: 1s, config: {tracker: $kind, scan_ms: 1000, regions_update_ms: 10000}}" "{apply: false}" > /dev/null
    NUMA_AGENT_JAVA_OPTS="-XX:+UseSerialGC -Dorg.slf4j.simpleLogger.log.io.numaagent.runner.tracking.TrackerRun=debug" \
        agent snapshot --track "$seconds" -c "/tmp/cfg-$kind.yaml" --plugins-dir /tmp/plugins > "/tmp/snap-$kind-$r.json" 2> "$err" \
        || { tail -20 "$err"; fail "numa-agent snapshot --track ($kind, round $r) failed"; }
    read -r OUR_SCANS our_pages OUR_RATE OUR_COUNT_RATE <<< "$(grep "scan: tracker $kind" "$err" | \
        awk '{for (i = 1; i <= NF; i++) {if ($i == "read") p = $(i + 1); if ($i == "in") u = $(i + 1); if ($i == "pass") c = $(i + 1)}
              n++; if (n > 3) {tp += p; tu += u; tc += c; k++; if (p > mp) mp = p}}
              END {printf "%d %d %.0f %.0f\n", k, mp, (tu ? tp / (tu / 1e6) : 0), (tc ? tp / (tc / 1e6) : 0)}')"
    [ "$OUR_SCANS" -gt 0 ] || { tail -20 "$err"; fail "the agent's $kind tracker completed no scan after warm-up (round $r)"; }
    [ "$our_pages" -ge "$pages" ] || fail "the agent's $kind scans read at most $our_pages pages, fewer than meme's $pages (round $r)"
    # a scan that found meme untracked (dropped, re-added by the next reconcile) reads fewer pages: say so and why
    local short; short=$(grep "scan: tracker $kind" "$err" | awk -v m="$pages" '++k > 3 {for (i = 1; i <= NF; i++) if ($i == "read" && $(i + 1) < m) n++} END {print n + 0}')
    [ "$short" = 0 ] || { note "round $r: $short scan(s) after warm-up read fewer pages than meme's $pages"; grep -E "WARN|stopped tracking|pids gone" "$err" | head -5 | sed 's/^/    agent: /'; }
    grep -q "counters: track-all-test /e2e/a pid $MEME_PID" "$err" || fail "snapshot --track ($kind, round $r) showed no counters of meme"
}
ratio() { awk -v a="$1" -v m="$2" 'BEGIN {printf "%.2f", m ? a / m : 0}'; }
median() { tr ' ' '\n' | grep . | sort -g | awk '{v[NR] = $1} END {printf "%.2f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

# bench KIND: the rounds of KIND and its figures.
bench() {
    local kind=$1 r mt_rates="" rates="" count_rates="" count_ratios="" whole_ratios=""
    for r in $(seq 1 "$rounds"); do
        memtierd_run "$kind" "$r"
        agent_run "$kind" "$r"
        mt_rates+="$MT_RATE " rates+="$OUR_RATE " count_rates+="$OUR_COUNT_RATE "
        count_ratios+="$(ratio "$OUR_COUNT_RATE" "$MT_RATE") " whole_ratios+="$(ratio "$OUR_RATE" "$MT_RATE") "
        note "$kind round $r: memtierd $MT_RATE pages/s ($MT_SCANS scans); agent count pass $OUR_COUNT_RATE," \
             "whole scan $OUR_RATE pages/s ($OUR_SCANS scans after warm-up); ratio count pass" \
             "$(ratio "$OUR_COUNT_RATE" "$MT_RATE"), whole scan $(ratio "$OUR_RATE" "$MT_RATE")"
    done
    figure "memtierd_${kind}_pages_per_s" "${mt_rates% }"
    figure "agent_${kind}_count_pass_pages_per_s" "${count_rates% }"
    figure "agent_${kind}_pages_per_s" "${rates% }"
    # like for like (memtierd times its pagemap pass only), per round and the median
    figure "agent_to_memtierd_${kind}_ratios" "${count_ratios% }"
    figure "agent_to_memtierd_${kind}_ratio_median" "$(echo "$count_ratios" | median)"
    # the agent's whole scan (set-idle or clear_refs included) against memtierd's pagemap pass
    figure "agent_whole_scan_to_memtierd_${kind}_ratios" "${whole_ratios% }"
    figure "agent_whole_scan_to_memtierd_${kind}_ratio_median" "$(echo "$whole_ratios" | median)"
}

bench idlepage
bench softdirty
