# e2e-topology: twoNodePlusTwoCpuless
# e2e-agent: yes
# e2e-timeout: 1500
# tier-mover's heat policy with the damon tracker through DAMON sysfs on the stock kernel
# (memtierd's policy-heat move test, §7.2: heatclasses 2, the hot class to a DRAM node, the
# cold one to a CPU-less node): meme A of task /e2e/a is first touched on node 1 and writes
# its 32 MiB active part all the time; its 128 MiB idle part is never touched again. With
# heatnumas {0: [3], 1: [0]} the hot (active) ranges must come to node 0 (>= 90 %) and the
# cold (idle) ones go to node 3 (>= 95 %), both at once (DAMON's adaptive regions can
# straddle the two parts for a while, hence not 100 %); the heatmap dump in the state
# directory lists A's ranges in memtierd's format with both classes; after SIGTERM no
# kdamond is left running.
. "$E2E_DIR/lib/tiering.sh"
D=/sys/kernel/mm/damon/admin/kdamonds
[ -d "$D" ] || fail "no DAMON sysfs interface at $D"
tier_setup
tier_meme 1 -s 160 -a 32 -r 100000 -F
read -r alo ahi <<< "$(meme_range active)"
read -r ilo ihi <<< "$(meme_range idle0)"
note "before: active $(pages_by_node "$MEME_PID" "$alo" "$ahi"), idle $(pages_by_node "$MEME_PID" "$ilo" "$ihi")"
tier_config /tmp/cfg.yaml '{name: heat, config: {intervalms: 4000,
    pidwatcher: {name: cgroups, config: {cgroups: [/sys/fs/cgroup/e2e/a]}},
    tracker: {name: damon, config: {samplingus: 5000, aggregationus: 100000, regionsupdateus: 1000000,
                                    mintargetregions: 10, maxtargetregions: 1000, kdamondslist: [0], nrkdamonds: 1}},
    heatmap: {heatmax: 0.01, heatretention: 0.8, heatclasses: 2},
    heatnumas: {0: [3], 1: [0]},
    mover: {intervalms: 20, bandwidth: 200}}}'
tier_start /tmp/cfg.yaml
placed() { share_at_least "$MEME_PID" "$alo" "$ahi" 0 90 && share_at_least "$MEME_PID" "$ilo" "$ihi" 3 95; }
tier_wait "hot part on node 0 (>= 90 %) and cold part on node 3 (>= 95 %)" 900 placed
figure heat_placed_seconds "$TIER_WAITED"
active=$(pages_by_node "$MEME_PID" "$alo" "$ahi"); idle=$(pages_by_node "$MEME_PID" "$ilo" "$ihi")
note "active: $active; idle: $idle"
dump=/tmp/numa-agent-state/tier-mover/heatmap.txt
sed 's/^/    heatmap: /' "$dump" | head -12
head -1 "$dump" | grep -qx 'heatmap:' || fail "heatmap dump does not start with 'heatmap:'"
grep -Eq "^pid: $MEME_PID: [0-9]+ \{[0-9a-f]+-[0-9a-f]+\([0-9]+\),[0-9.]+,[0-9]+,[0-9.]+s\} \(class 1\)$" "$dump" \
    || fail "no hot (class 1) range of pid $MEME_PID in memtierd's format in $dump"
grep -Eq "^pid: $MEME_PID: [0-9]+ \{.*\} \(class 0\)$" "$dump" || fail "no cold (class 0) range of pid $MEME_PID in $dump"
tier_stop
assert_eq "failed outcomes" 0 "$(outcomes count "$TIER_OUT" status=failed)"
for k in "$D"/[0-9]*; do
    [ -d "$k" ] || continue
    assert_eq "state of $(basename "$k") after SIGTERM" off "$(cat "$k/state")"
done
figure heat_active_pages "$active"
figure heat_idle_pages "$idle"
figure heat_moved_pages "$(outcomes sum "$TIER_OUT" pagesMoved type=move-pages)"
