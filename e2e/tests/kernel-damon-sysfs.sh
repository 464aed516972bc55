# e2e-topology: twoNode
# e2e-timeout: 150
# Tier-mover kernel interface: DAMON through /sys/kernel/mm/damon/admin. Sets up one
# kdamond with a vaddr context on meme's pid and a "stat" scheme, turns it on, and
# reads the monitored regions back (update_schemes_tried_regions): they must cover
# meme's memory and show accesses on the part meme keeps writing, and the idle part
# must come out less accessed than the active part (byte-weighted nr_accesses).
# Not asserted: zero accesses on the idle part. DAMON samples one random page per
# region, and regions that straddle the boundary sometimes sample active pages; under
# TCG the accessed bit is also only set when QEMU's soft TLB refills.
D=/sys/kernel/mm/damon/admin/kdamonds
[ -d "$D" ] || fail "no DAMON sysfs interface at $D"
meme_start -s 192 -a 32 -r 100000 -F
read -r alo ahi <<< "$(meme_range active)"
read -r ilo ihi <<< "$(meme_range idle0)"
echo 1 > "$D/nr_kdamonds"
K=$D/0
echo 1 > "$K/contexts/nr_contexts"
C=$K/contexts/0
grep -qw vaddr "$C/avail_operations" || fail "vaddr operations not available: $(cat "$C/avail_operations")"
echo vaddr > "$C/operations"
echo 5000 > "$C/monitoring_attrs/intervals/sample_us"
echo 100000 > "$C/monitoring_attrs/intervals/aggr_us"
echo 1000000 > "$C/monitoring_attrs/intervals/update_us"
echo 10 > "$C/monitoring_attrs/nr_regions/min"
echo 1000 > "$C/monitoring_attrs/nr_regions/max"
echo 1 > "$C/targets/nr_targets"
echo "$MEME_PID" > "$C/targets/0/pid_target"
echo 1 > "$C/schemes/nr_schemes"
S=$C/schemes/0
echo stat > "$S/action"
echo 0 > "$S/access_pattern/sz/min"; echo 18446744073709551615 > "$S/access_pattern/sz/max"
echo 0 > "$S/access_pattern/nr_accesses/min"; echo 4294967295 > "$S/access_pattern/nr_accesses/max"
echo 0 > "$S/access_pattern/age/min"; echo 4294967295 > "$S/access_pattern/age/max"
echo on > "$K/state"
assert_eq "kdamond state" on "$(cat "$K/state")"
kpid=$(cat "$K/pid")
assert_eq "kdamond thread" kdamond.0 "$(cat "/proc/$kpid/comm")"
overlap() { echo "$regions" | awk -v lo="$1" -v hi="$2" '
    function hex(s,   i, v) { v = 0; s = tolower(s); for (i = 1; i <= length(s); i++) v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1; return v }
    hex($1) < hex(hi) && hex($2) > hex(lo)'; }
# Average accesses per byte over each part (regions weighted by their overlap with it)
weighted() { echo "$regions" | awk -v lo="$1" -v hi="$2" '
    function hex(s,   i, v) { v = 0; s = tolower(s); for (i = 1; i <= length(s); i++) v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1; return v }
    { a = hex($1); b = hex($2); l = hex(lo); h = hex(hi); if (a < l) a = l; if (b > h) b = h
      if (b > a) { sum += (b - a) * $3; size += b - a } }
    END { printf "%.3f\n", size ? sum / size : -1 }'; }
read_regions() {  # sets regions, count, active_max, active_avg, idle_avg
    echo update_schemes_tried_regions > "$K/state"
    regions=$(for r in "$S"/tried_regions/[0-9]*; do
        printf '%x %x %s %s\n' "$(cat "$r/start")" "$(cat "$r/end")" "$(cat "$r/nr_accesses")" "$(cat "$r/age")"
    done)
    count=$(echo "$regions" | grep -c . || true)
    active_max=$(overlap "$alo" "$ahi" | awk 'BEGIN {m = -1} $3 > m {m = $3} END {print m}')
    active_avg=$(weighted "$alo" "$ahi"); idle_avg=$(weighted "$ilo" "$ihi")
}
# Let DAMON split regions and aggregate intervals: read its view after 6 s, then every
# 3 s until it tells the parts apart (a busy machine samples less per second; the
# bound only catches a DAMON that never does).
sleep 6
deadline=$(( $(date +%s) + $(scaled 120) ))
while read_regions; [ "$(date +%s)" -lt $deadline ]; do
    [ "$count" -gt 0 ] && [ "$active_max" -gt 0 ] \
        && awk -v a="$active_avg" -v i="$idle_avg" 'BEGIN {exit !(i >= 0 && a > i)}' && break
    note "DAMON does not tell the parts apart yet ($count regions, active $active_avg, idle $idle_avg); reading again in 3 s"
    sleep 3
done
echo off > "$K/state"
note "DAMON reported $count region(s); those overlapping meme:"
overlap "$alo" "$ahi" | sed 's/^/    active: /'
overlap "$ilo" "$ihi" | sed 's/^/    idle:   /'
[ "$count" -gt 0 ] || fail "DAMON reported no regions"
[ "$active_max" -gt 0 ] || fail "no accesses seen on meme's active part (max nr_accesses $active_max)"
note "weighted nr_accesses: active part $active_avg, idle part $idle_avg"
awk -v a="$active_avg" -v i="$idle_avg" 'BEGIN {exit !(i >= 0 && a > i)}' \
    || fail "idle part ($idle_avg) not less accessed than the active part ($active_avg)"
figure damon_regions "$count"
figure damon_active_max_nr_accesses "$active_max"
figure damon_weighted_accesses_active "$active_avg"
figure damon_weighted_accesses_idle "$idle_avg"
