#!/bin/bash
# numa-allocator vs WCA's own NUMAAllocator.allocate on the same snapshots.
#
#   benchmarks/wca/run.sh WCA_CHECKOUT [JMH options]
#
# WCA_CHECKOUT: a checkout of github.com/intel/workload-collocation-agent (its wca/
# package is imported as it is; Debian's python3 with python3-ruamel.yaml and
# python3-colorlog, which this script installs with apt-get when missing).
# For each size (10,000 tasks x 8 nodes, 100 tasks x 2 nodes) it writes one snapshot
# (make_snapshot.py, seed 7) that both sides read, and for each algorithm:
#   - WCA: allocate() once to warm up, then timed calls (wall and CPU time);
#   - numa-agent: SideBySideDecisions (decisions, thread CPU time per decide()) and
#     JMH SideBySideBenchmark (wall time; default -f 1 -wi 3 -i 5 -w 2s -r 2s);
#   - the two decision sets are compared line by line (diff).
# Results in benchmarks/out/wca-<UTC time>/, and a Markdown table on stdout.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
[ $# -ge 1 ] || { awk 'NR > 1 && /^#/ {print; next} NR > 1 {exit}' "$0"; exit 2; }
WCA=$(cd "$1" && pwd); shift
[ -f "$WCA/wca/extra/numa_allocator.py" ] || { echo "no wca/extra/numa_allocator.py under $WCA" >&2; exit 2; }
JMH_OPTS=("$@")
[ ${#JMH_OPTS[@]} -gt 0 ] || JMH_OPTS=(-f 1 -wi 3 -i 5 -w 2s -r 2s)
PY=/usr/bin/python3
missing=()
$PY -c 'import ruamel.yaml' 2>/dev/null || missing+=(python3-ruamel.yaml)
$PY -c 'import colorlog' 2>/dev/null || missing+=(python3-colorlog)
if [ ${#missing[@]} -gt 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
fi
JAR="$REPO/benchmarks/target/benchmarks.jar"
[ -f "$JAR" ] || (cd "$REPO" && ./mvnw -q -B -pl benchmarks -am package -DskipTests)
out="$REPO/benchmarks/out/wca-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
# the allocator's git blob id names the version even in an exported tree (no .git)
echo "WCA at $WCA: wca/extra/numa_allocator.py blob $(git hash-object "$WCA/wca/extra/numa_allocator.py")" > "$out/wca-version"
for size in "10000 8 10 300" "100 2 200 2000"; do
    read -r tasks nodes wca_calls java_calls <<< "$size"
    snap="$out/snapshot-${tasks}x${nodes}.txt"
    $PY "$HERE/make_snapshot.py" --tasks "$tasks" --nodes "$nodes" > "$snap"
    for algo in fill_biggest_first minimize_migration; do
        tag="${tasks}x${nodes}-$algo"
        uptime > "$out/$tag.load"
        $PY "$HERE/wca_allocate.py" --wca "$WCA" --snapshot "$snap" --algorithm "$algo" \
            --repeat "$wca_calls" --decisions "$out/$tag.wca.decisions" > "$out/$tag.wca.json"
        java -cp "$JAR" io.numaagent.benchmarks.SideBySideDecisions "$snap" "$algo" \
            "$out/$tag.agent.decisions" "$java_calls" "$java_calls" > "$out/$tag.agent.json"
        if diff "$out/$tag.wca.decisions" "$out/$tag.agent.decisions" > "$out/$tag.diff"; then
            echo equal > "$out/$tag.equal"
        else
            echo different > "$out/$tag.equal"
        fi
        java -jar "$JAR" SideBySideBenchmark -p snapshot="$snap" -p algorithm="$algo" "${JMH_OPTS[@]}" \
            -rf json -rff "$out/$tag.jmh.json" > "$out/$tag.jmh.log"
        uptime >> "$out/$tag.load"
        echo "$tag: decisions $(cat "$out/$tag.equal") ($(wc -l < "$out/$tag.wca.decisions") WCA, $(wc -l < "$out/$tag.agent.decisions") numa-agent)" >&2
    done
done
$PY "$HERE/report.py" "$out"
