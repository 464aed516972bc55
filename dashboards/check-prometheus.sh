#!/usr/bin/env bash
# Every query of the Grafana dashboards against a real Prometheus: Debian's prometheus (installed
# with apt-get when missing and root; otherwise the check is skipped, saying why) scrapes the agent
# running dry-run over the twoSocketFourNode fixture with every bundled plugin (fixture-agent.yaml),
# its /batch processes mapping soft-dirty pages for the tier-mover's tracker (stack.sh tracked_tree)
# and its /proc/vmstat NUMA counters and node memory advanced every second by fake_kernel.py;
# after five scrapes promcheck.py evaluates every panel's PromQL, variables substituted, through
# /api/v1/query. Fails on PromQL that does not parse, series that exist nowhere in the code, and
# queries without data although their series were scraped; lists the queries without data because a
# series is not exported yet (pending-series.txt) or had no sample in this run.
#   check-prometheus.sh [FIXTURE]     (twoSocketFourNode, the default, or cxlTwoMemoryOnlyNodes)
set -euo pipefail
source "$(dirname "$0")/stack.sh"
if ! reason=$(ensure_prometheus); then
  echo "SKIP dashboards/check-prometheus.sh: $reason"
  exit 0
fi
work=$(mktemp -d)
fake_pid=
trap '[ -n "$fake_pid" ] && kill "$fake_pid" 2>/dev/null; stop_stack; rm -rf "$work"' EXIT
tracked_tree "${1:-twoSocketFourNode}" "$work/host"
# the kernel's NUMA counters and node memory moving (made-up figures), so that rate() panels see a rate
python3 "$dashboards_dir/fake_kernel.py" "$work/host" 600 &
fake_pid=$!
start_stack "$work" "$work/host"
echo "agent pid $agent_pid, prometheus $prometheus_url ($(prometheus --version 2>&1 | head -1))"
if ! python3 "$dashboards_dir/promcheck.py" --prometheus "$prometheus_url" --scrapes 5 --timeout 180; then
  echo "agent stderr (last lines):"; tail -5 "$work/agent/err"
  exit 1
fi
