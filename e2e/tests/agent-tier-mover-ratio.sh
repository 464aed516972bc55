# e2e-topology: twoNodePlusTwoCpuless
# e2e-agent: yes
# e2e-timeout: 1500
# tier-mover's ratio policy swapping out (memtierd's policy-ratio swap test, §7.2: ratio 0.3,
# the swap ratio within 5 points of 30 %), with the softdirty tracker on the stock kernel and
# 1 GiB of zram swap: meme A of task /e2e/a writes its 16 MiB active part all the time and
# leaves 112 MiB idle. The plugin's swap-out decisions (process_madvise MADV_PAGEOUT) must
# bring VmSwap / (VmSwap + VmRSS) to 25-35 %, keep it there over three more tracker windows
# (swapped ranges still count as tracked memory: no swapping on and on), and never swap the
# active part (its pages stay resident).
. "$E2E_DIR/lib/tiering.sh"
tier_setup
tier_zram_swap 1G
tier_meme 0 -s 128 -a 16 -r 100000
read -r alo ahi <<< "$(meme_range active)"
tier_config /tmp/cfg.yaml 4s '{name: ratio, config: {intervalms: 4000, ratio: 0.3,
    pidwatcher: {name: cgroups, config: {cgroups: [/sys/fs/cgroup/e2e/a]}},
    tracker: {name: softdirty, config: {pagesinregion: 512, maxcountperregion: 1, scanintervalms: 2000}},
    mover: {intervalms: 20, bandwidth: 100}}}'
tier_start /tmp/cfg.yaml
ratio_progress() { echo "VmSwap $(proc_status "$MEME_PID" VmSwap) kB, VmRSS $(proc_status "$MEME_PID" VmRSS) kB"; }
TIER_PROGRESS=ratio_progress
swap_pct() {  # VmSwap share of the meme's memory, in whole percent
    awk '$1 == "VmSwap:" {s = $2} $1 == "VmRSS:" {r = $2} END {printf "%d", (s + r) ? 100 * s / (s + r) : 0}' "/proc/$MEME_PID/status"
}
swapped_enough() { [ "$(swap_pct)" -ge 25 ]; }
tier_wait "VmSwap >= 25 % of meme's memory" 900 swapped_enough
figure ratio_swapped_seconds "$TIER_WAITED"
lines=$(wc -l < /tmp/tier-rec.jsonl)
tier_wait "three more tracker windows" 300 windows_after "$lines" "$MEME_PID" 3
pct=$(swap_pct)
note "VmSwap $(proc_status "$MEME_PID" VmSwap) kB, VmRSS $(proc_status "$MEME_PID" VmRSS) kB: ${pct} % swapped"
[ "$pct" -ge 25 ] && [ "$pct" -le 35 ] || fail "swap ratio ${pct} %, expected 30 ± 5 %"
# the active part stays resident (meme writes it all the time: a page swapped out comes back at once)
active_swapped=$(pages_of swap "$MEME_PID" "$alo" "$ahi")
note "active part: $(pages_by_node "$MEME_PID" "$alo" "$ahi")"
[ "$active_swapped" -le $((4096 * 5 / 100)) ] || fail "$active_swapped of the 4096 active pages in swap"
tier_stop
assert_eq "failed outcomes" 0 "$(outcomes count "$TIER_OUT" status=failed)"
paged=$(outcomes sum "$TIER_OUT" pagesMoved type=swap-out)
note "pages paged out per the outcomes: $paged"
[ "$paged" -gt 0 ] || fail "no swap-out outcome paged anything out"
figure ratio_swap_percent "$pct"
figure ratio_paged_out_pages "$paged"
figure ratio_swap_out_outcomes "$(outcomes count "$TIER_OUT" type=swap-out)"
