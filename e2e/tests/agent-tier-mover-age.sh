# e2e-topology: twoNodePlusTwoCpuless
# e2e-kernel: custom
# e2e-agent: yes
# e2e-timeout: 1500
# tier-mover's age policy with the idlepage tracker (memtierd's policy-age move test, §7.2:
# idlenumas [3], the idle part of a meme goes to the far CPU-less node, the active part stays):
#  - memes A and B of task /e2e/a, first touched on node 0, each 32 MiB written all the time
#    and 128 MiB idle;
#  - the plugin's mover paces its moves at 10 MB/s (memtierd's mover: config), so each idle
#    part takes at least ~13 s to move: longer than the executor's 10 s per cycle, so moves are
#    cut short and resumed (Outcome.unfinished), and B can be killed while its move is under way;
#  - B killed mid-move costs only itself: at most one failed outcome (ESRCH) for B, none for A,
#    A's idle part all on node 3 (>= 99 %), its active part on node 0 (>= 90 %) after three
#    more tracker windows, the agent alive until its normal SIGTERM exit.
. "$E2E_DIR/lib/tiering.sh"
[ -e /sys/kernel/mm/page_idle/bitmap ] || fail "no /sys/kernel/mm/page_idle/bitmap on $(uname -r)"
tier_setup
tier_meme 0 -s 160 -a 32 -r 100000 -F
A_PID=$MEME_PID; A_OUT=$MEME_OUT
read -r a_alo a_ahi <<< "$(meme_range active)"
read -r a_ilo a_ihi <<< "$(meme_range idle0)"
tier_meme 0 -s 160 -a 32 -r 100000 -F
B_PID=$MEME_PID
read -r b_ilo b_ihi <<< "$(meme_range idle0)"
note "before: A idle $(pages_by_node "$A_PID" "$a_ilo" "$a_ihi"), A active $(pages_by_node "$A_PID" "$a_alo" "$a_ahi"), B idle $(pages_by_node "$B_PID" "$b_ilo" "$b_ihi")"
tier_config /tmp/cfg.yaml 5s '{name: age, config: {intervalms: 5000,
    pidwatcher: {name: cgroups, config: {cgroups: [/sys/fs/cgroup/e2e/a]}},
    tracker: {name: idlepage, config: {pagesinregion: 512, maxcountperregion: 1, scanintervalms: 2000}},
    mover: {intervalms: 20, bandwidth: 10},
    idledurationms: 8000, idlenumas: [3], activedurationms: 6000, activenumas: [0]}}'
tier_start /tmp/cfg.yaml
age_progress() { echo "A idle $(pages_by_node "$A_PID" "$a_ilo" "$a_ihi"), A active $(pages_by_node "$A_PID" "$a_alo" "$a_ahi")$(kill -0 "$B_PID" 2>/dev/null && echo ", B idle $(pages_by_node "$B_PID" "$b_ilo" "$b_ihi")")"; }
TIER_PROGRESS=age_progress

b_started() { [ "$(pages_of 3 "$B_PID" "$b_ilo" "$b_ihi")" -ge 1024 ]; }
tier_wait "B's idle part moving to node 3 (>= 1024 pages there)" 900 b_started
b_at_kill=$(pages_by_node "$B_PID" "$b_ilo" "$b_ihi")
kill -9 "$B_PID"; wait "$B_PID" 2>/dev/null || true
note "killed B mid-move; its idle part was $b_at_kill"
figure age_b_idle_pages_at_kill "$b_at_kill"

tier_wait "A's idle part on node 3 (>= 99 %)" 900 share_at_least "$A_PID" "$a_ilo" "$a_ihi" 3 99
figure age_idle_demoted_seconds "$TIER_WAITED"
lines=$(wc -l < /tmp/tier-rec.jsonl)
tier_wait "three more tracker windows of A" 300 windows_after "$lines" "$A_PID" 3
a_idle=$(pages_by_node "$A_PID" "$a_ilo" "$a_ihi"); a_active=$(pages_by_node "$A_PID" "$a_alo" "$a_ahi")
note "A idle: $a_idle; A active: $a_active"
share_at_least "$A_PID" "$a_ilo" "$a_ihi" 3 99 || fail "A's idle part left node 3: $a_idle"
share_at_least "$A_PID" "$a_alo" "$a_ahi" 0 90 || fail "A's active part not kept on node 0: $a_active"
tier_stop

failed_b=$(outcomes count "$TIER_OUT" type=move-pages pid="$B_PID" status=failed)
[ "$failed_b" -le 1 ] || fail "$failed_b failed outcomes for the exited B (expected at most 1)"
[ "$failed_b" = 0 ] || assert_eq "errno of B's failed move" ESRCH "$(outcomes values "$TIER_OUT" errno type=move-pages pid="$B_PID" status=failed)"
assert_eq "failed outcomes of A" 0 "$(outcomes count "$TIER_OUT" pid="$A_PID" status=failed)"
moved=$(outcomes sum "$TIER_OUT" pagesMoved type=move-pages pid="$A_PID")
[ "$moved" -ge $((32768 * 99 / 100)) ] || fail "A's outcomes moved $moved pages, expected its 32768 idle pages"
unfinished=$(outcomes count "$TIER_OUT" type=move-pages unfinished=true)
note "move-pages outcomes cut short by the cycle's migration time and resumed: $unfinished"
figure age_a_active_pages "$a_active"
figure age_a_idle_pages "$a_idle"
figure age_unfinished_outcomes "$unfinished"
figure age_b_failed_outcomes "$failed_b"
