#!/usr/bin/env bash
# Churn soak, no root: bin/numa-agent (launcher defaults, dry-run, numa-allocator at 1 s) over a
# fake host (host-tree.sh) of LIVE cgroups under /batch while TOTAL cgroups are created and removed
# at an even pace over SECONDS (each step removes the oldest and adds a new one, so LIVE stay).
#
#   churn-soak.sh [SECONDS [TOTAL [LIVE]]]      (defaults: 600 1000 100; CI runs 120 200 100)
#
# Every 5 s it samples the agent's VmRSS (/proc/PID/status) and scrapes /metrics. After a warm-up
# (the first fifth, at least 30 s) it fails only on the issue's criteria:
#   - RSS flat: every sample within +-10 % of the samples' median;
#   - no growth in metric series: series about tasks (a `task` label) name at most LIVE + 5 tasks
#     (those removed since the last cycle may still show), so none is left behind by the removed
#     cgroups; the other series' largest count in the last quarter is at most 10 above the first
#     quarter's (a new label pair, such as a first `unchanged` outcome, may appear);
#   - every cycle on time: numa_agent_loop_duration_seconds (the agent's own whole-cycle time)
#     counts no cycle above the 1 s interval.
# CPU use and cycle counts are reported, not judged: they depend on what else the machine runs.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
seconds=${1:-600}
total=${2:-1000}
live=${3:-100}
work=$(mktemp -d)
churn_pid=
cleanup() {
  [ -n "$churn_pid" ] && kill "$churn_pid" 2>/dev/null
  stop_agent 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
"$footprint_dir/host-tree.sh" init "$work/host" "$live"
agent_config "$work/host" 1s >"$work/agent.yaml"
mkdir -p "$work/agent"
start_agent "$work/agent.yaml" "$work/agent"
port=$(metrics_port "$work/agent/err")
warmup=$((seconds / 5 > 30 ? seconds / 5 : 30))
hz=$(getconf CLK_TCK)
echo "churn soak: $total cgroups created and removed over $seconds s, $live live, agent pid $agent_pid," \
  "metrics on :$port, warm-up $warmup s"

# the churn: step k (at start + k * seconds / total) removes t<k> and adds t<k + live>
(
  start=$(date +%s%N)
  for ((k = 0; k < total; k++)); do
    due=$((start + k * seconds * 1000000000 / total))
    now=$(date +%s%N)
    ((due > now)) && sleep "$(awk -v ns=$((due - now)) 'BEGIN {printf "%.3f", ns / 1e9}')"
    "$footprint_dir/host-tree.sh" remove "$work/host" "$k" $((k + 1))
    "$footprint_dir/host-tree.sh" add "$work/host" $((k + live)) $((k + live + 1))
  done
) &
churn_pid=$!

bucket() { # TEXT LE: the loop histogram's count at or below LE seconds
  awk -v le="$2" -F'[ ]' '$1 ~ /^numa_agent_loop_duration_seconds_bucket\{/ && index($1, "le=\"" le "\"") {print int($2)}' <<<"$1"
}
loop_count() { awk '/^numa_agent_loop_duration_seconds_count/ {print int($2)}' <<<"$1"; }

start=$(date +%s)
: >"$work/samples"
echo "   s  VmRSS_MB  series  series_without_task  tasks_in_series  tasks  cycles  late"
while :; do
  kill -0 "$agent_pid" 2>/dev/null || { echo "FAIL: the agent exited"; tail -20 "$work/agent/err"; exit 1; }
  t=$(($(date +%s) - start))
  m=$(scrape "$port")
  rss=$(status_kb "$agent_pid" VmRSS)
  n=$(loop_count "$m"); on_time=$(bucket "$m" 1.0); late=$((${n:-0} - ${on_time:-0}))
  tasks=$(awk '/^numa_agent_snapshot_tasks/ {print int($2)}' <<<"$m")
  all=$(series "$m")
  other=$(grep -v '^#' <<<"$m" | grep -vc 'task="' || true)
  named=$(grep -o 'task="[^"]*"' <<<"$m" | sort -u | wc -l)
  echo "$t $rss $all ${tasks:-0} ${n:-0} $late $(cpu_ticks "$agent_pid") $other $named" >>"$work/samples"
  printf '%4d  %8.1f  %6d  %19d  %15d  %5d  %6d  %4d\n' "$t" "$(awk -v k="$rss" 'BEGIN {print k / 1024}')" \
    "$all" "$other" "$named" "${tasks:-0}" "${n:-0}" "$late"
  kill -0 "$churn_pid" 2>/dev/null || break
  sleep 5
done
wait "$churn_pid"; churn_pid=

median_rss=$(awk -v warmup="$warmup" '$1 >= warmup {print $2}' "$work/samples" | median)
awk -v warmup="$warmup" -v hz="$hz" -v median="${median_rss:-0}" -v live="$live" '
  $1 >= warmup {
    n++; t[n] = $1; rss[n] = $2; series[n] = $8; ticks[n] = $7
    if ($9 > named) named = $9
    if (n == 1 || $2 < lo) lo = $2
    if (n == 1 || $2 > hi) hi = $2
  }
  END {
    if (n < 4) { print "FAIL: only " n " samples after the warm-up"; exit 1 }
    q = int(n / 4); if (q < 1) q = 1
    first = 0; last = 0
    for (i = 1; i <= q; i++) if (series[i] > first) first = series[i]
    for (i = n - q + 1; i <= n; i++) if (series[i] > last) last = series[i]
    cpu = 100 * (ticks[n] - ticks[1]) / hz / (t[n] - t[1])
    printf "after warm-up (%d samples): VmRSS median %.1f MB, min %.1f (%+.1f %%), max %.1f (%+.1f %%)\n",
      n, median / 1024, lo / 1024, 100 * (lo - median) / median, hi / 1024, 100 * (hi - median) / median
    printf "metric series without a task label: first quarter max %d, last quarter max %d;" \
      " most tasks named by series at once: %d (%d live)\n", first, last, named, live
    printf "CPU after warm-up: %.1f %% of a core\n", cpu
    fail = 0
    if (lo < 0.9 * median || hi > 1.1 * median) { print "FAIL: RSS not within +-10 % of its median"; fail = 1 }
    if (last > first + 10) { print "FAIL: metric series grew"; fail = 1 }
    if (named > live + 5) { print "FAIL: series of removed tasks stay"; fail = 1 }
    exit fail
  }' "$work/samples" || { tail -5 "$work/agent/err"; exit 1; }
final=$(scrape "$port")
cycles=$(loop_count "$final"); late=$((cycles - $(bucket "$final" 1.0)))
longest=$(awk -v c="$cycles" '/^numa_agent_loop_duration_seconds_bucket/ && int($2) == c {
  split($1, a, "le=\""); sub(/".*/, "", a[2]); print a[2]; exit }' <<<"$final")
echo "cycles: $cycles, above the 1 s interval: $late; every cycle took at most $longest s" \
  "(numa_agent_loop_duration_seconds)"
stop_agent
if [ "$late" -gt 0 ]; then echo "FAIL: $late cycles took longer than the interval"; exit 1; fi
echo "churn soak passed"
