# e2e-topology: twoNodePlusTwoCpuless
# e2e-agent: yes
# e2e-timeout: 1500
# tier-mover's heat policy with the damon tracker through DAMON sysfs on the stock kernel (as
# agent-tier-mover-heat with idlepage): meme A of task /e2e/a is first touched on node 1 and
# writes its 32 MiB active part all the time; its 128 MiB idle part is never touched again.
# With heatnumas {0: [3], 1: [0]} the hot (active) ranges must come to node 0 and the cold
# (idle) ones go to node 3 (>= 95 % each, both at once). DAMON's vaddr regions also span the
# process's shared libraries and the gaps between mappings: the runner reports only their parts
# inside anonymous mappings, so every range of the heatmap lies in one, and no move fails (a page
# shared with other processes would be reported as shared, not failed). filteraddressrangesizemax
# is -1: DAMON merges the untouched 128 MiB into regions larger than the default filter (32 MiB),
# which memtierd's semantics leave out, so they were never moved (seen in the first run); with the
# regions clipped to anonymous mappings the filter is not needed. The agent creates the
# kdamond it uses and, after SIGTERM, no kdamond is left running or configured.
. "$E2E_DIR/lib/tiering.sh"
D=/sys/kernel/mm/damon/admin/kdamonds
[ -d "$D" ] || fail "no DAMON sysfs interface at $D on $(uname -r)"
assert_eq "kdamonds before" 0 "$(cat "$D/nr_kdamonds")"
tier_setup
tier_meme 1 -s 160 -a 32 -r 100000 -F
read -r alo ahi <<< "$(meme_range active)"
read -r ilo ihi <<< "$(meme_range idle0)"
note "before: active $(pages_by_node "$MEME_PID" "$alo" "$ahi"), idle $(pages_by_node "$MEME_PID" "$ilo" "$ihi")"
tier_config /tmp/cfg.yaml 4s '{name: heat, config: {intervalms: 4000,
    pidwatcher: {name: cgroups, config: {cgroups: [/sys/fs/cgroup/e2e/a]}},
    tracker: {name: damon, config: {samplingus: 5000, aggregationus: 100000, regionsupdateus: 1000000,
        mintargetregions: 10, maxtargetregions: 1000, filteraddressrangesizemax: -1, kdamondslist: [0], nrkdamonds: 1}},
    heatmap: {heatmax: 0.01, heatretention: 0.8, heatclasses: 2},
    heatnumas: {0: [3], 1: [0]},
    mover: {intervalms: 20, bandwidth: 200}}}'
tier_start /tmp/cfg.yaml
heat_progress() { echo "active $(pages_by_node "$MEME_PID" "$alo" "$ahi"), idle $(pages_by_node "$MEME_PID" "$ilo" "$ihi")"; }
TIER_PROGRESS=heat_progress
placed() { share_at_least "$MEME_PID" "$alo" "$ahi" 0 95 && share_at_least "$MEME_PID" "$ilo" "$ihi" 3 95; }
tier_wait "hot part on node 0 and cold part on node 3 (>= 95 % each)" 900 placed
figure heat_damon_placed_seconds "$TIER_WAITED"
active=$(pages_by_node "$MEME_PID" "$alo" "$ahi"); idle=$(pages_by_node "$MEME_PID" "$ilo" "$ihi")
note "active: $active; idle: $idle"
assert_eq "kdamond 0 state while tracking" on "$(cat "$D/0/state")"
dump=/tmp/numa-agent-state/tier-mover/heatmap.txt
head -12 "$dump" | sed 's/^/    heatmap: /'  # not sed | head: SIGPIPE under pipefail on a long dump
grep -Eq "^pid: $MEME_PID: [0-9]+ \{[0-9a-f]+-[0-9a-f]+\([0-9]+\),[0-9.]+,[0-9]+,[0-9.]+s\} \(class 1\)$" "$dump" \
    || fail "no hot (class 1) range of pid $MEME_PID in memtierd's format in $dump"
grep -Eq "^pid: $MEME_PID: [0-9]+ \{.*\} \(class 0\)$" "$dump" || fail "no cold (class 0) range of pid $MEME_PID in $dump"
# every range of the heatmap inside one of meme's anonymous mappings (numa_maps: heap or anon=)
outside=$(python3 - "$MEME_PID" "$dump" <<'PY'
import re, sys
pid, dump = sys.argv[1], sys.argv[2]
maps = []
with open(f"/proc/{pid}/maps") as m, open(f"/proc/{pid}/numa_maps") as n:
    anon = {int(l.split()[0], 16) for l in n if " heap" in l or " anon=" in l}
    for l in m:
        lo, hi = (int(x, 16) for x in l.split()[0].split("-"))
        if lo in anon:
            maps.append((lo, hi))
bad = 0
for line in open(dump):
    r = re.match(rf"^pid: {pid}: \d+ \{{([0-9a-f]+)-([0-9a-f]+)\(", line)
    if r:
        lo, hi = int(r.group(1), 16), int(r.group(2), 16)
        if not any(a <= lo and hi <= b for a, b in maps):
            bad += 1
            print(f"    outside: {line.strip()}", file=sys.stderr)
print(bad)
PY
)
assert_eq "heatmap ranges outside meme's anonymous mappings" 0 "$outside"
tier_stop
assert_eq "failed outcomes" 0 "$(outcomes count "$TIER_OUT" status=failed)"
assert_eq "pages failed in moves" 0 "$(outcomes sum "$TIER_OUT" pagesFailed type=move-pages)"
# a kdamond thread stops asynchronously: the agent waits for it before it removes the kdamonds it created
assert_eq "kdamonds after the agent stopped" 0 "$(cat "$D/nr_kdamonds")"
running=$( (grep -l '^kdamond' /proc/[0-9]*/comm 2>/dev/null || true) | wc -l)
assert_eq "kdamond threads after the agent stopped" 0 "$running"
figure heat_damon_active_pages "$active"
figure heat_damon_idle_pages "$idle"
figure heat_damon_moved_pages "$(outcomes sum "$TIER_OUT" pagesMoved type=move-pages)"
figure heat_damon_move_outcomes "$(outcomes count "$TIER_OUT" type=move-pages)"
figure heat_damon_shared_pages "$(outcomes values "$TIER_OUT" detail type=move-pages | sed -n 's/.*; \([0-9]*\) pages shared with other processes.*/\1/p' | awk '{s += $1} END {print s + 0}')"
