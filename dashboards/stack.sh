# Sourced by check-prometheus.sh and render-overview.sh: the agent (dist's bin/numa-agent, dry-run,
# fixture-agent.yaml) over a fixture machine's tree with page tracking (tracked_tree), and Debian's
# prometheus scraping it every second. Both listen on free loopback ports. Needs the distribution and
# the test classes (./mvnw -B -DskipTests package).
dashboards_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$dashboards_dir/../benchmarks/footprint/lib.sh" # start_agent, stop_agent, metrics_port
prometheus_pid=

# ensure_prometheus: prometheus on PATH, installed with apt-get when missing and root; otherwise
# prints why it cannot be had and returns 1
ensure_prometheus() {
  command -v prometheus >/dev/null && return 0
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    echo "prometheus is not installed and cannot be (needs root and apt-get: apt-get install prometheus)"
    return 1
  fi
  echo "installing Debian's prometheus ..." >&2
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends \
    prometheus >&2 || { echo "apt-get install prometheus failed"; return 1; }
}

# tracked_tree FIXTURE DIR: the fixture machine's host tree under DIR with the files page trackers read
# (pagemap, clear_refs, kernel config, memory blocks) and the processes of its /batch tasks mapping
# soft-dirty pages on two nodes each, so that the tier-mover's tracker finds pages (agent-runner's test
# class TrackedFixture; its test classes are compiled by the package build)
tracked_tree() {
  local classes="$repo/plugin-api/target/classes:$repo/plugin-api/target/test-classes"
  classes+=":$repo/agent-runner/target/classes:$repo/agent-runner/target/test-classes"
  local processes
  case $1 in
    twoSocketFourNode) processes=(1001:0=64,2=32 1002:0=64,2=32 1101:1=64,3=32) ;; # /batch/a, /batch/b
    cxlTwoMemoryOnlyNodes) processes=(3001:0=64,2=32 3002:0=64,2=32) ;;        # /batch/a
    *) echo "tracked_tree: no /batch processes known for fixture $1" >&2; return 2 ;;
  esac
  java -cp "$classes" io.numaagent.runner.tracking.TrackedFixture "$1" "$2" "${processes[@]}"
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start_stack WORK HOST: starts the agent over the host tree HOST (sys, proc, cgroup) and prometheus
# (data in WORK/prometheus); sets agent_pid, prometheus_pid, prometheus_url
start_stack() {
  local work=$1 port prom_port i
  mkdir -p "$work/agent"
  start_agent_over "$dashboards_dir/fixture-agent.yaml" "$work/agent" "$2"
  port=$(metrics_port "$work/agent/err") || { tail -20 "$work/agent/err" >&2; return 1; }
  prom_port=$(free_port)
  cat >"$work/prometheus.yml" <<YAML
global: {scrape_interval: 1s, scrape_timeout: 1s, evaluation_interval: 1s}
scrape_configs:
  - job_name: numa-agent
    static_configs: [{targets: ['127.0.0.1:$port']}]
YAML
  prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/prometheus" \
    --web.listen-address="127.0.0.1:$prom_port" --log.level=warn >"$work/prometheus.log" 2>&1 &
  prometheus_pid=$!
  prometheus_url="http://127.0.0.1:$prom_port"
  for ((i = 0; i < 600; i++)); do
    curl -sf "$prometheus_url/-/ready" >/dev/null && return 0
    kill -0 "$prometheus_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "prometheus did not become ready:" >&2; cat "$work/prometheus.log" >&2
  return 1
}

# start_agent_over CONFIG WORKDIR TREE: bin/numa-agent run over TREE (stdout WORKDIR/out, stderr WORKDIR/err)
start_agent_over() {
  NUMA_AGENT_REBUILD=0 "$repo/bin/numa-agent" run -c "$1" --state-dir "$2/state" --dry-run \
    --path.sysfs="$3/sys" --path.procfs="$3/proc" --path.cgroupfs="$3/cgroup" >"$2/out" 2>"$2/err" &
  agent_pid=$!
}

stop_stack() {
  [ -n "$prometheus_pid" ] && { kill "$prometheus_pid" 2>/dev/null; wait "$prometheus_pid" 2>/dev/null; }
  [ -n "${agent_pid:-}" ] && stop_agent
  return 0
}
