# e2e-topology: twoNodePlusTwoCpuless
# e2e-kernel: custom
# e2e-agent: yes
# e2e-timeout: 1500
# tier-mover's heat policy with the idlepage tracker (memtierd's policy-heat move test, §7.2:
# heatclasses 2, the hot class to a DRAM node, the cold one to a CPU-less node): meme A of
# task /e2e/a is first touched on node 1 and writes its 32 MiB active part all the time; its
# 128 MiB idle part is never touched again. With heatnumas {0: [3], 1: [0]} the hot (active)
# ranges must come to node 0 and the cold (idle) ones go to node 3 (>= 95 % each, both at
# once), and the heatmap dump in the state directory lists A's ranges in memtierd's format
# with both classes. (The same with the damon tracker: agent-tier-mover-heat-damon.)
. "$E2E_DIR/lib/tiering.sh"
[ -e /sys/kernel/mm/page_idle/bitmap ] || fail "no /sys/kernel/mm/page_idle/bitmap on $(uname -r)"
tier_setup
tier_meme 1 -s 160 -a 32 -r 100000 -F
read -r alo ahi <<< "$(meme_range active)"
read -r ilo ihi <<< "$(meme_range idle0)"
note "before: active $(pages_by_node "$MEME_PID" "$alo" "$ahi"), idle $(pages_by_node "$MEME_PID" "$ilo" "$ihi")"
tier_config /tmp/cfg.yaml 4s '{name: heat, config: {intervalms: 4000,
    pidwatcher: {name: cgroups, config: {cgroups: [/sys/fs/cgroup/e2e/a]}},
    tracker: {name: idlepage, config: {pagesinregion: 512, maxcountperregion: 0, scanintervalms: 1000}},
    heatmap: {heatmax: 0.01, heatretention: 0.8, heatclasses: 2},
    heatnumas: {0: [3], 1: [0]},
    mover: {intervalms: 20, bandwidth: 200}}}'
tier_start /tmp/cfg.yaml
heat_progress() { echo "active $(pages_by_node "$MEME_PID" "$alo" "$ahi"), idle $(pages_by_node "$MEME_PID" "$ilo" "$ihi")"; }
TIER_PROGRESS=heat_progress
placed() { share_at_least "$MEME_PID" "$alo" "$ahi" 0 95 && share_at_least "$MEME_PID" "$ilo" "$ihi" 3 95; }
tier_wait "hot part on node 0 and cold part on node 3 (>= 95 % each)" 900 placed
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
figure heat_active_pages "$active"
figure heat_idle_pages "$idle"
figure heat_moved_pages "$(outcomes sum "$TIER_OUT" pagesMoved type=move-pages)"
figure heat_move_outcomes "$(outcomes count "$TIER_OUT" type=move-pages)"
