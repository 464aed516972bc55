#!/usr/bin/env bash
# Renders dashboards/node-overview.png, the README's picture of the "Node NUMA overview" dashboard:
# the agent (fixture-agent.yaml, dry-run) over a fake host -- the twoSocketFourNode fixture with
# cgroups /batch/t<i> created and removed as the footprint soak does (benchmarks/footprint/
# host-tree.sh), its kernel counters and node memory advanced by fake_kernel.py -- scraped by Debian's
# prometheus every second for SECONDS; then plot_overview.py draws every panel from query_range.
#   render-overview.sh [SECONDS [OUT.png]]     (defaults: 180 (at least 60), dashboards/node-overview.png)
# Needs root for apt-get when prometheus or python3-matplotlib (Debian's, for /usr/bin/python3) is missing.
set -euo pipefail
source "$(dirname "$0")/stack.sh"
seconds=${1:-180}
((seconds >= 60)) || { echo "render-overview: SECONDS must be at least 60" >&2; exit 2; }
out=$(readlink -f "${2:-$dashboards_dir/node-overview.png}")
reason=$(ensure_prometheus) || { echo "render-overview: $reason" >&2; exit 2; }
if ! /usr/bin/python3 -c 'import matplotlib' 2>/dev/null; then
  [ "$(id -u)" = 0 ] || { echo "render-overview: needs python3-matplotlib (apt-get install python3-matplotlib)" >&2; exit 2; }
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends python3-matplotlib >&2
fi
work=$(mktemp -d)
driver_pid= fake_pid=
trap 'for p in $driver_pid $fake_pid; do kill "$p" 2>/dev/null; done; stop_stack; rm -rf "$work"' EXIT
tree="$footprint_dir/host-tree.sh"
live=24
"$tree" init "$work/host" "$live"
# the page-tracking files the tier-mover's tracker needs (fixture-agent.yaml runs it), under the same
# sysfs/procfs, and the fixture's pod and system slice (fixture-agent.yaml's task sources name them)
tracked_tree twoSocketFourNode "$work/tracked"
cp -r "$work/tracked/sys" "$work/tracked/proc" "$work/host/"
cp -r "$work/tracked/cgroup/kubepods" "$work/tracked/cgroup/system.slice" "$work/host/cgroup/"
start_stack "$work" "$work/host"
start=$(date +%s)
/usr/bin/python3 "$dashboards_dir/fake_kernel.py" "$work/host" "$seconds" &
fake_pid=$!
(
  # every 6 s the oldest cgroup goes and a new one comes, which the numa-allocator pins
  for ((k = 0; k < seconds / 6; k++)); do
    sleep 6
    "$tree" remove "$work/host" "$k" $((k + 1))
    "$tree" add "$work/host" $((k + live)) $((k + live + 1))
  done
) &
driver_pid=$!
wait "$fake_pid"
fake_pid=
kill "$driver_pid" 2>/dev/null || true
wait "$driver_pid" 2>/dev/null || true
driver_pid=
echo "agent pid $agent_pid, prometheus $prometheus_url, $seconds s of data"
# the plot starts one rate interval (30 s) in, where every rate() has a full window behind it
/usr/bin/python3 "$dashboards_dir/plot_overview.py" --prometheus "$prometheus_url" --start $((start + 30)) \
  --end "$(date +%s)" --rate-interval 30s "$out"
