#!/usr/bin/env bash
# Measures the agent's own footprint on a fake host: a twoSocketFourNode cgroup v2 tree with N task
# cgroups under /batch (one pid each, written by benchmarks' FootprintHost), the distribution's
# `bin/numa-agent run --dry-run` with the numa-allocator at a 1 s interval and the default launcher.
# With --source kubernetes the N tasks are pods instead: benchmarks' FootprintPods serves N pods of
# one node from agent-runner's mock API server (list and watch over HTTP), and the tree holds their
# cgroups as the kubelet makes them (systemd driver, containerd); the agent runs `type: kubernetes`.
# After a warm-up it counts cycles (from the agent's own metrics) for a fixed number of cycles and
# reports CPU per cycle (utime + stime of /proc/PID/stat), share of a core, RSS, cycles on time,
# the snapshot's duration (numa_agent_snapshot_duration_seconds) and log/stdout lines per cycle.
#
#   benchmarks/footprint/measure.sh [--tasks N] [--cycles C] [--warmup SECONDS] [--interval 1s]
#                                   [--without-peak] [--jfr FILE] [--keep DIR]
#                                   [--source cgroups|kubernetes] [--nmt] [--launcher PATH]
#     --tasks N         task cgroups, or pods (default 100)
#     --cycles C        cycles measured after the warm-up (default 60)
#     --warmup S        seconds before measuring (default 30)
#     --without-peak    leave out every memory.peak, as kernels before 5.19 do
#     --jfr FILE        also record a JFR profile (settings=profile) and print its hottest frames
#     --keep DIR        write the host tree, config and logs to DIR and keep them
#     --source S        the task source: cgroups (default) or kubernetes (pods from a mock API server)
#     --nmt             also run with -XX:NativeMemoryTracking=summary and print, after the RSS is taken,
#                       the JVM's memory by kind (jcmd VM.native_memory), heap used after a full GC,
#                       the largest classes on the heap, classes loaded and threads
#     --launcher PATH   the launcher to run (default: bin/numa-agent of this checkout), e.g. another
#                       distribution's bin/numa-agent to compare builds
#     --startup R       first time R runs of `run --once --dry-run` over the same host and config:
#                       median wall and CPU (user + system) time, the first cycle included (for the
#                       kubernetes source: the list of the pods)
#   NUMA_AGENT_JAVA_OPTS is passed on to the launcher (e.g. to try JVM flags).
#
# Needs the distribution and benchmarks.jar; builds them (./mvnw package) when missing.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)

tasks=100; cycles=60; warmup=30; interval=1s; without_peak=""; jfr=""; keep=""; source=cgroups; nmt=""; startup=0
launcher="$repo/bin/numa-agent"
while [ $# -gt 0 ]; do
  case "$1" in
    --tasks) tasks=$2; shift 2 ;;
    --cycles) cycles=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --interval) interval=$2; shift 2 ;;
    --without-peak) without_peak=--without-peak; shift ;;
    --jfr) jfr=$(readlink -f "$2"); shift 2 ;;
    --keep) keep=$2; shift 2 ;;
    --source) source=$2; shift 2 ;;
    --nmt) nmt=1; shift ;;
    --startup) startup=$2; shift 2 ;;
    --launcher) launcher=$(readlink -f "$2"); shift 2 ;;
    -h|--help) sed -n '2,34p' "$0"; exit 0 ;;
    *) echo "measure.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
interval_s=${interval%s}
case "$source" in cgroups|kubernetes) ;; *) echo "measure.sh: --source is cgroups or kubernetes, not $source" >&2; exit 2 ;; esac

bench_jar="$repo/benchmarks/target/benchmarks.jar"
if [ ! -f "$repo/dist/target/numa-agent/agent-runner.jar" ] || [ ! -f "$bench_jar" ]; then
  echo "measure.sh: building the distribution and benchmarks.jar ..." >&2
  (cd "$repo" && ./mvnw -q -B -DskipTests package -pl dist,benchmarks -am >&2)
fi

if [ -n "$keep" ]; then work=$(mkdir -p "$keep" && cd "$keep" && pwd); else work=$(mktemp -d); fi
pid=""; api_pid=""
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  if [ -n "$api_pid" ]; then kill "$api_pid" 2>/dev/null || true; wait "$api_pid" 2>/dev/null || true; fi
  [ -n "$keep" ] || rm -rf "$work"
}
trap cleanup EXIT

if [ "$source" = kubernetes ]; then
  [ -z "$without_peak" ] || { echo "measure.sh: --without-peak is for --source cgroups" >&2; exit 2; }
  java -cp "$bench_jar" io.numaagent.benchmarks.FootprintHost "$work/host" "$tasks" --kubernetes >/dev/null
  java -Xmx256m -cp "$bench_jar" io.numaagent.benchmarks.FootprintPods "$tasks" "$work/api" >"$work/api.log" 2>&1 &
  api_pid=$!
  for _ in $(seq 1 120); do [ -s "$work/api/kubeconfig" ] && break; sleep 0.5; done
  [ -s "$work/api/kubeconfig" ] || { echo "measure.sh: the mock API server did not start:" >&2; cat "$work/api.log" >&2; exit 1; }
  sources="  - type: kubernetes
    node_name: footprint-node
    kubeconfig: $work/api/kubeconfig
    cgroup_driver: systemd"
else
  java -cp "$bench_jar" io.numaagent.benchmarks.FootprintHost "$work/host" "$tasks" $without_peak >/dev/null
  sources="  - type: cgroups
    parents: [/batch]
    depth: 1"
fi
cat >"$work/footprint.yaml" <<EOF
task_sources:
$sources
plugins:
  - name: numa-allocator
    interval: $interval
executor:
  apply: false
telemetry:
  prometheus:
    enabled: true
    host: 127.0.0.1
    port: 0
EOF

if [ "$startup" -gt 0 ]; then
  : >"$work/startup"
  for _ in $(seq 1 "$startup"); do
    NUMA_AGENT_REBUILD=0 /usr/bin/time -f "%e %U %S" -o "$work/time" "$launcher" run --once --dry-run \
      -c "$work/footprint.yaml" --path.sysfs="$work/host/sys" --path.procfs="$work/host/proc" \
      --path.cgroupfs="$work/host/cgroup" --state-dir "$work/state-once" >/dev/null 2>"$work/stderr-once" ||
      { echo "measure.sh: run --once failed:" >&2; tail -5 "$work/stderr-once" >&2; exit 1; }
    awk '{ printf "%d %d\n", $1 * 1000, ($2 + $3) * 1000 }' "$work/time" >>"$work/startup"
  done
  wall=$(sort -n -k1,1 "$work/startup" | awk -v r="$startup" 'NR == int((r + 1) / 2) { print $1 }')
  cpu=$(sort -n -k2,2 "$work/startup" | awk -v r="$startup" 'NR == int((r + 1) / 2) { print $2 }')
  echo "run --once --dry-run  ${wall} ms wall, ${cpu} ms CPU (median of $startup)"
fi

opts="${NUMA_AGENT_JAVA_OPTS:-}"
# -Xshare:off with JFR: JDK 17.0.15's JVM crashes (SIGSEGV in check_shared_class_file_load_hook)
# when JFR's class-load hook meets classes from the launcher's AppCDS archive
[ -z "$jfr" ] || opts="$opts -Xshare:off -XX:StartFlightRecording=filename=$jfr,settings=profile,dumponexit=true"
[ -z "$nmt" ] || opts="$opts -XX:NativeMemoryTracking=summary"
NUMA_AGENT_JAVA_OPTS="$opts" NUMA_AGENT_REBUILD=0 "$launcher" run --dry-run -c "$work/footprint.yaml" \
  --path.sysfs="$work/host/sys" --path.procfs="$work/host/proc" --path.cgroupfs="$work/host/cgroup" \
  --state-dir "$work/state" >"$work/stdout" 2>"$work/stderr" &
pid=$!

port=""
for _ in $(seq 1 120); do
  port=$(sed -n 's|.*Prometheus metrics on http://[^:]*:\([0-9]*\)/metrics.*|\1|p' "$work/stderr" | head -1)
  [ -n "$port" ] && break
  kill -0 "$pid" 2>/dev/null || { echo "measure.sh: the agent exited:" >&2; cat "$work/stderr" >&2; exit 1; }
  sleep 0.5
done
[ -n "$port" ] || { echo "measure.sh: the agent did not start its metrics endpoint" >&2; exit 1; }

metrics() { curl -sf "http://127.0.0.1:$port/metrics"; }
# value of the first sample whose line starts with $1 (name and labels), 0 when absent
# (reads to the end: an early exit would fail curl's write under pipefail)
sample() { awk -v p="$1" '!found && index($0, p) == 1 { v = $NF; found = 1 } END { print (found ? v : 0) }'; }
cpu_ticks() { awk '{ sub(/.*\) /, ""); print $12 + $13 }' "/proc/$pid/stat"; }
now() { date +%s.%N; }
# utime and stime of every thread, "utime<TAB>stime<TAB>name" (names with spaces kept)
thread_ticks() {
  for t in /proc/"$pid"/task/*/stat; do
    awk '{ name = $0; sub(/^[^(]*\(/, "", name); sub(/\) .*/, "", name); rest = $0; sub(/.*\) /, "", rest)
           split(rest, f, " "); print f[12] "\t" f[13] "\t" name }' "$t" 2>/dev/null
  done
}
cycle_count() { metrics | sample 'numa_agent_cycle_duration_seconds_count{plugin="numa-allocator"'; }

sleep "$warmup"
# start at a cycle's end, so that the measured span is whole intervals
first=$(cycle_count)
while [ "$(cycle_count)" = "$first" ]; do
  kill -0 "$pid" 2>/dev/null || { echo "measure.sh: the agent exited" >&2; exit 1; }
  sleep 0.1
done
# the span's CPU figures are taken after the first scrape and before the last, so that the
# measuring scrapes (each a few ms of CPU at 1,000 tasks) are not counted; the cycle count may then
# be off by one of the span's cycles
m0=$(metrics); load0=$(cut -d' ' -f1-3 /proc/loadavg); t0=$(now); c0=$(cpu_ticks); thread_ticks >"$work/threads0"; err0=$(wc -l <"$work/stderr"); out0=$(wc -l <"$work/stdout")
n0=$(sample 'numa_agent_cycle_duration_seconds_count{plugin="numa-allocator"' <<<"$m0")
s0=$(sample 'numa_agent_snapshot_duration_seconds_sum' <<<"$m0")
k0=$(sample 'numa_agent_snapshot_duration_seconds_count' <<<"$m0")
# no scrape inside the span: every scrape costs the agent CPU
sleep "$(awk -v c="$cycles" -v i="$interval_s" 'BEGIN { print c * i }')"
kill -0 "$pid" 2>/dev/null || { echo "measure.sh: the agent exited" >&2; exit 1; }
t1=$(now); c1=$(cpu_ticks); thread_ticks >"$work/threads1"; err1=$(wc -l <"$work/stderr"); out1=$(wc -l <"$work/stdout")
m1=$(metrics); thread_ticks >"$work/threads2"; load1=$(cut -d' ' -f1-3 /proc/loadavg)
n1=$(sample 'numa_agent_cycle_duration_seconds_count{plugin="numa-allocator"' <<<"$m1")
s1=$(sample 'numa_agent_snapshot_duration_seconds_sum' <<<"$m1")
k1=$(sample 'numa_agent_snapshot_duration_seconds_count' <<<"$m1")
rss_kb=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status")
hwm_kb=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status")
# the slowest snapshot: the lowest bucket bound holding every snapshot taken so far
threads=$(ls "/proc/$pid/task" | wc -l)
if [ -n "$nmt" ]; then
  # after the RSS is taken: a full GC first, so that "heap used" is what is live
  jcmd "$pid" GC.run >/dev/null
  jcmd "$pid" GC.heap_info >"$work/heap_info" || true
  jcmd "$pid" VM.native_memory summary >"$work/nmt" || true
  jcmd "$pid" GC.class_histogram >"$work/histogram" || true
fi
slowest=$(awk -v total="$k1" '/^numa_agent_snapshot_duration_seconds_bucket/ && $NF >= total && total > 0 {
  match($0, /le="[^"]*"/); le = substr($0, RSTART + 4, RLENGTH - 5); print le; exit }' <<<"$m1")
kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""

awk -v tasks="$tasks" -v interval="$interval_s" -v t0="$t0" -v t1="$t1" -v c0="$c0" -v c1="$c1" -v n0="$n0" \
    -v n1="$n1" -v s0="$s0" -v s1="$s1" -v k0="$k0" -v k1="$k1" -v rss="$rss_kb" -v hwm="$hwm_kb" \
    -v e="$((err1 - err0))" -v o="$((out1 - out0))" -v slowest="${slowest:-n/a}" -v peak="${without_peak:-with memory.peak}" \
    -v load0="$load0" -v load1="$load1" -v threads="$threads" -v source="$source" 'BEGIN {
  wall = t1 - t0; n = n1 - n0; cpu = (c1 - c0) * 10
  expected = int(wall / interval + 0.5)
  printf "tasks                 %d (%s, source %s)\n", tasks, peak, source
  printf "measured              %d cycles in %.1f s (on time: %d of %d intervals)\n", n, wall, (n < expected ? n : expected), expected
  printf "load average          %s at the start, %s at the end (1, 5, 15 min)\n", load0, load1
  printf "CPU per cycle         %.1f ms\n", (n > 0 ? cpu / n : 0)
  printf "CPU share             %.2f %% of a core\n", cpu / 10 / wall
  printf "RSS                   %.0f MB (peak %.0f MB)\n", rss / 1024, hwm / 1024
  printf "threads               %d\n", threads
  if (k1 > k0) printf "snapshot duration     %.1f ms mean over %d, slowest <= %s s\n", (s1 - s0) / (k1 - k0) * 1000, k1 - k0, slowest
  else printf "snapshot duration     (no numa_agent_snapshot_duration_seconds metric)\n"
  printf "log lines per cycle   %.1f (stderr)\n", (n > 0 ? e / n : 0)
  printf "stdout lines per cycle %.1f (dry-run decisions)\n", (n > 0 ? o / n : 0)
}'

# CPU per cycle by thread kind (numbered pool threads such as "GC Thread#1" summed), user and system
echo "CPU per cycle by thread (user + system):"
awk -F'\t' -v n="$(awk -v a="$n1" -v b="$n0" 'BEGIN { print a - b }')" '
  { name = $3; sub(/#?[0-9]+$/, "", name) }
  FNR == NR { bu[name] += $1; bs[name] += $2; next }
  { au[name] += $1; as[name] += $2 }
  END { for (t in au) { u = au[t] - bu[t]; y = as[t] - bs[t]
        if (u + y > 0) printf "  %7.1f ms  (%.1f + %.1f)  %s\n", (u + y) * 10 / n, u * 10 / n, y * 10 / n, t } }' \
  "$work/threads0" "$work/threads1" | sort -rn | head -8
# what the last scrape cost (outside the span): all threads' CPU during it
awk -F'\t' 'FNR == NR { b += $1 + $2; next } { a += $1 + $2 } END { printf "one /metrics scrape    %d ms of CPU (not counted above)\n", (a - b) * 10 }' \
  "$work/threads1" "$work/threads2"

if [ -n "$nmt" ]; then
  echo "JVM memory (NMT, committed; after a full GC):"
  awk '/^-[[:space:]]+[A-Za-z ]+\(reserved=/ { name = $0; sub(/^-[[:space:]]+/, "", name); sub(/[[:space:]]*\(reserved=.*/, "", name)
         c = $0; sub(/.*committed=/, "", c); sub(/KB.*/, "", c); if (c + 0 >= 1024) printf "  %-22s %6.1f MB\n", name, c / 1024 }
       /^Total: / { c = $0; sub(/.*committed=/, "", c); sub(/KB.*/, "", c); printf "  %-22s %6.1f MB\n", "Total", c / 1024 }
       /\(classes #/ { n = $0; sub(/.*classes #/, "", n); sub(/\).*/, "", n); classes = n }
       /\(thread #/ { n = $0; sub(/.*thread #/, "", n); sub(/\).*/, "", n); th = n }
       /Metadata:|Class space:/ { want = 1 }
       want && /used=/ { u = $0; sub(/.*used=/, "", u); sub(/KB.*/, "", u); meta += u; want = 0 }
       END { printf "  classes loaded         %s\n  threads (NMT)          %s\n  metaspace used         %.1f MB\n", classes, th, meta / 1024 }' "$work/nmt"
  awk '/def new generation|PSYoungGen|tenured generation|ParOldGen|garbage-first heap/ {
         u = $0; sub(/.*used /, "", u); sub(/K.*/, "", u); used += u }
       END { printf "  heap used after GC     %.1f MB\n", used / 1024 }' "$work/heap_info"
  echo "largest classes on the heap after the GC (instances, MB):"
  awk '$1 ~ /^[0-9]+:$/ && NF >= 4 && n < 12 { printf "  %9d %6.2f  %s\n", $2, $3 / 1048576, $4; n++ }' "$work/histogram"
fi

if [ -n "$jfr" ]; then
  for _ in $(seq 1 20); do [ -s "$jfr" ] && break; sleep 0.5; done
  echo; echo "JFR $jfr: hottest frames (self), io.numaagent frames nearest the top, io.numaagent frames anywhere on the stack"
  jfr print --events jdk.ExecutionSample --stack-depth 64 "$jfr" | awk '
    /stackTrace = \[/ { in_stack = 1; first = 1; own = 1; split("", seen); next }
    in_stack && /^[[:space:]]*\]/ { in_stack = 0; next }
    in_stack {
      f = $0; sub(/^[[:space:]]+/, "", f); sub(/[[:space:]]+line:.*/, "", f)
      if (first) { print "self\t" f; first = 0 }
      if (own && f ~ /^io\.numaagent\./) { print "mine\t" f; own = 0 }
      if (f ~ /^io\.numaagent\./ && !(f in seen)) { print "incl\t" f; seen[f] = 1 }
    }' >"$work/frames"
  total=$(grep -c '^self' "$work/frames" || true)
  echo "$total samples"
  for kind in self mine incl; do
    grep "^$kind" "$work/frames" | cut -f2 | sort | uniq -c | sort -rn | head -20 |
      awk -v t="$total" '{ c = $1; $1 = ""; printf "  %5.1f %%%s\n", 100 * c / t, $0 }'
    [ $kind = incl ] || echo "  --"
  done
fi
