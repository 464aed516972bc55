# Shared by the footprint scripts (sourced): the agent over a fake host tree, and what /proc and
# /metrics say about it. Needs the distribution (./mvnw -B -DskipTests package).
footprint_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$footprint_dir/../.." && pwd)

# agent_config TREE INTERVAL > config: numa-allocator over the cgroups below /batch, dry-run,
# metrics on a free loopback port
agent_config() {
  cat <<YAML
paths: {sysfs: $1/sys, procfs: $1/proc, cgroupfs: $1/cgroup}
task_sources:
  - {type: cgroups, parents: [/batch]}
plugins:
  - name: numa-allocator
    interval: $2
executor: {apply: false}
telemetry: {prometheus: {enabled: true, port: 0}}
YAML
}

# start_agent CONFIG WORKDIR: starts `bin/numa-agent run` (stdout WORKDIR/out, stderr WORKDIR/err);
# sets agent_pid (the JVM: the launcher execs it)
start_agent() {
  NUMA_AGENT_REBUILD=0 "$repo/bin/numa-agent" run -c "$1" --state-dir "$2/state" >"$2/out" 2>"$2/err" &
  agent_pid=$!
}

stop_agent() {
  kill -TERM "$agent_pid" 2>/dev/null || true
  wait "$agent_pid" 2>/dev/null || true
}

# status_kb PID FIELD: a /proc/PID/status figure in KiB (VmRSS, RssAnon, RssFile)
status_kb() { awk -v f="$2:" '$1 == f {print $2}' "/proc/$1/status"; }

# cpu_ticks PID: user + system clock ticks of the process
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# metrics_port ERRLOG: the port the agent logged for /metrics (waits for the line, at most 120 s)
metrics_port() {
  local i
  for ((i = 0; i < 1200; i++)); do
    sed -n 's|.*Prometheus metrics on http://[^:]*:\([0-9]*\)/metrics.*|\1|p' "$1" 2>/dev/null | head -1 | grep . && return 0
    sleep 0.1
  done
  echo "no metrics port in $1" >&2
  return 1
}

scrape() { curl -sf "http://127.0.0.1:$1/metrics"; }

# series TEXT: the number of metric series (sample lines) in a scrape
series() { grep -cv '^#' <<<"$1"; }

# cycles TEXT: how many cycles numa-allocator ran
cycles() { awk '/^numa_agent_cycle_duration_seconds_count\{/ && /numa-allocator/ {print int($2)}' <<<"$1"; }

median() { sort -n | awk '{v[NR] = $1} END {if (NR) print v[int((NR + 1) / 2)]}'; }
