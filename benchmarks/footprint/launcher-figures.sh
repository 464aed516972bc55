#!/usr/bin/env bash
# Startup time and steady footprint of bin/numa-agent under JVM option sets, on a fake host of
# TASKS cgroups (host-tree.sh): the figures of benchmarks/README.md, "Launcher and JVM flags".
#
#   launcher-figures.sh [TASKS [SECONDS [VARIANT ...]]]     (defaults: 100, 180, see below;
#                                                            SECONDS 0: startup only)
#
# VARIANT is NAME=OPTIONS, the JVM options to use instead of the launcher's defaults (its
# NUMA_AGENT_DEFAULT_JAVA_OPTS; "none=" is the bare JVM), or "launcher" for the launcher as it is.
# Startup: the median wall time (and CPU time, user + system, which a busy machine disturbs less) of ROUNDS (env, default 7) `numa-agent version` and as many
# `run --once --dry-run` per variant, the variants taking turns (so that a busy spell of the machine hits them alike). Then
# for each, the agent at a 1 s interval for SECONDS: VmRSS (and its anonymous and file-backed
# parts) sampled every 5 s after the first third, and the CPU it used in the last two thirds.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
tasks=${1:-100}
seconds=${2:-180}
rounds=${ROUNDS:-7}
shift $(($# < 2 ? $# : 2))
variants=("$@")
[ ${#variants[@]} -gt 0 ] || variants=(none= launcher)
work=$(mktemp -d); trap 'stop_agent 2>/dev/null; rm -rf "$work"' EXIT
"$footprint_dir/host-tree.sh" init "$work/host" "$tasks"
agent_config "$work/host" 1s >"$work/agent.yaml"
hz=$(getconf CLK_TCK)

ms_now() { date +%s%3N; }

with_variant() { # VARIANT COMMAND...
  local v=$1; shift
  if [ "$v" = launcher ]; then (unset NUMA_AGENT_DEFAULT_JAVA_OPTS; "$@")
  else NUMA_AGENT_DEFAULT_JAVA_OPTS="${v#*=}" "$@"; fi
}

echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| JVM options | \`version\` ms (CPU ms) | \`run --once --dry-run\` ms (CPU ms) | VmRSS MB (median, max) | RssAnon MB | RssFile MB | CPU % of a core | cycles |"
echo "|---|---|---|---|---|---|---|---|"
timed() { # VARIANT FILE COMMAND...: appends "wall-ms cpu-ms" (user + system) to FILE
  local v=$1 file=$2; shift 2
  with_variant "$v" env NUMA_AGENT_REBUILD=0 /usr/bin/time -f "%e %U %S" -o "$work/time" "$@" >/dev/null 2>&1
  awk '{printf "%d %d\n", $1 * 1000, ($2 + $3) * 1000}' "$work/time" >>"$file"
}
for ((round = 0; round < rounds; round++)); do
  for i in "${!variants[@]}"; do
    timed "${variants[$i]}" "$work/version.$i" "$repo/bin/numa-agent" version
    timed "${variants[$i]}" "$work/once.$i" "$repo/bin/numa-agent" run --once --dry-run -c "$work/agent.yaml" \
      --state-dir "$work/state"
  done
done
for i in "${!variants[@]}"; do
  v=${variants[$i]}
  name=${v%%=*}
  version_ms="$(cut -d' ' -f1 "$work/version.$i" | median) ($(cut -d' ' -f2 "$work/version.$i" | median))"
  once_ms="$(cut -d' ' -f1 "$work/once.$i" | median) ($(cut -d' ' -f2 "$work/once.$i" | median))"
  label=${v#*=}; [ "$v" = launcher ] && label="launcher defaults"; [ -z "$label" ] && label="none (JVM defaults)"
  if [ "$seconds" = 0 ]; then
    echo "| \`$label\` | $version_ms | $once_ms |"
    continue
  fi
  mkdir -p "$work/$name"
  if [ "$v" = launcher ]; then (unset NUMA_AGENT_DEFAULT_JAVA_OPTS; start_agent "$work/agent.yaml" "$work/$name"; echo "$agent_pid" >"$work/pid")
  else NUMA_AGENT_DEFAULT_JAVA_OPTS="${v#*=}" start_agent "$work/agent.yaml" "$work/$name"; echo "$agent_pid" >"$work/pid"; fi
  agent_pid=$(cat "$work/pid")
  port=$(metrics_port "$work/$name/err")
  sleep $((seconds / 3))
  t0=$(cpu_ticks "$agent_pid"); s0=$(date +%s%N)
  : >"$work/rss"
  for ((j = 0; j < seconds * 2 / 3 / 5; j++)); do
    echo "$(status_kb "$agent_pid" VmRSS) $(status_kb "$agent_pid" RssAnon) $(status_kb "$agent_pid" RssFile)" >>"$work/rss"
    sleep 5
  done
  cpu=$(awk -v t="$(($(cpu_ticks "$agent_pid") - t0))" -v hz="$hz" -v ns="$(($(date +%s%N) - s0))" \
    'BEGIN {printf "%.1f", 100 * t / hz / (ns / 1e9)}')
  n=$(cycles "$(scrape "$port")")
  stop_agent
  mb() { awk -v k="$1" 'BEGIN {printf "%.0f", k / 1024}'; }
  rss_med=$(cut -d' ' -f1 "$work/rss" | median); rss_max=$(cut -d' ' -f1 "$work/rss" | sort -n | tail -1)
  anon=$(cut -d' ' -f2 "$work/rss" | median); file=$(cut -d' ' -f3 "$work/rss" | median)
  echo "| \`$label\` | $version_ms | $once_ms | $(mb "$rss_med"), $(mb "$rss_max") | $(mb "$anon") | $(mb "$file") | $cpu | $n |"
done
