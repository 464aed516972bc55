# e2e-topology: twoNode
# e2e-agent: yes
# e2e-timeout: 900
# The runner's damon tracker through DAMON sysfs on the stock kernel (see lib/tracking.sh
# for the flow: two memes tracked, one killed mid-scan, active part more accessed than the
# idle part, nodes from PFNs). Also: the stock kernel has no idle page tracking, so a
# plugin asking for idlepage is refused at check naming what is missing; and the kdamond
# the agent created is off and gone after SIGTERM.
. "$E2E_DIR/lib/tracking.sh"
D=/sys/kernel/mm/damon/admin/kdamonds
[ -d "$D" ] || fail "no DAMON sysfs interface at $D"
require_agent
echo "-- idlepage is refused on the stock kernel"
agent_config /tmp/idle.yaml /e2e/a "{name: track-all-test, interval: 1s, config: {tracker: idlepage}}" "{apply: false}"
echo "-- damon tracker"
assert_eq "kdamonds before" 0 "$(cat "$D/nr_kdamonds")"
track_pages_e2e damon
rc=0; agent check -c /tmp/idle.yaml --plugins-dir /tmp/plugins > /tmp/check.out 2>&1 || rc=$?
sed 's/^/    check: /' /tmp/check.out
assert_eq "check exit status with idlepage" 1 "$rc"
grep -q "tracker idlepage cannot run on this host: no /sys/kernel/mm/page_idle/bitmap: idle page tracking (CONFIG_IDLE_PAGE_TRACKING)" /tmp/check.out \
    || fail "check did not name the missing idle page tracking"
assert_eq "kdamonds after the agent stopped" 0 "$(cat "$D/nr_kdamonds")"
