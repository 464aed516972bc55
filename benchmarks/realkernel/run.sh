#!/bin/bash
# Recorded side-by-side benchmarks on a real kernel, run with the e2e harness
# (e2e/run.sh, QEMU guests; see e2e/README.md). Not tests: nothing is asserted about
# how fast anything is; the figures go to benchmarks/README.md.
#
#   benchmarks/realkernel/run.sh convergence [INSTANCE...]   numa-agent vs numad vs AutoNUMA
#   benchmarks/realkernel/run.sh mover                       move_pages executor vs migratepages
#   benchmarks/realkernel/run.sh syscalls                    the kernel's cost of each way to move (movebench)
#
# INSTANCE is an e2e instance label, e.g. 'convergence-numad[twoNode]' (default: all of
# the kind). Each instance boots its own guest, one after the other; the load average
# of the host is recorded before and after each. Results: benchmarks/out/<kind>-<UTC
# time>/<instance>/ (the e2e results directory, plus load-before/load-after), and a
# Markdown table on stdout (benchmarks/realkernel/report.py).
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
kind=${1:-}
case "$kind" in
    convergence) pattern='convergence-*' ;;
    mover) pattern='mover-vs-migratepages' ;;
    syscalls) pattern='mover-syscalls' ;;
    *) awk 'NR > 1 && /^#/ {print; next} NR > 1 {exit}' "$0"; exit 2 ;;
esac
shift
export NUMA_AGENT_E2E_TESTS="$HERE/guest"

# Debian's numad, unpacked (never installed) where the guest sees it: the guest's root
# is the host's, read-only.
if [ "$kind" = convergence ] && [ ! -x "$REPO/benchmarks/out/numad/usr/bin/numad" ]; then
    mkdir -p "$REPO/benchmarks/out/numad-deb"
    (cd "$REPO/benchmarks/out/numad-deb" && apt-get download numad) || { echo "cannot download numad" >&2; exit 2; }
    dpkg -x "$REPO"/benchmarks/out/numad-deb/numad_*.deb "$REPO/benchmarks/out/numad" || exit 2
fi

# movebench, built on the host where the guest sees it (the guest's root is the host's)
if [ "$kind" = syscalls ]; then
    mkdir -p "$REPO/benchmarks/out"
    gcc -O2 -Wall -o "$REPO/benchmarks/out/movebench" "$HERE/movebench.c" || exit 2
fi

if [ $# -gt 0 ]; then
    instances=("$@")
else
    mapfile -t instances < <("$REPO/e2e/run.sh" -l "$pattern")
fi
run_dir="$REPO/benchmarks/out/$kind-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$run_dir"
for inst in "${instances[@]}"; do
    safe=$(echo "$inst" | tr '[]' '__')
    mkdir -p "$run_dir/$safe"
    uptime > "$run_dir/$safe/load-before"
    echo "== $inst ($(cat "$run_dir/$safe/load-before"))"
    # the host's load average every 10 s while the guest runs (the 1-minute figure)
    (while :; do echo "$(date +%s) $(cut -d' ' -f1 /proc/loadavg)"; sleep 10; done) > "$run_dir/$safe/load-during" &
    sampler=$!
    "$REPO/e2e/run.sh" "$inst" | tee "$run_dir/$safe/run.log"
    kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null
    uptime > "$run_dir/$safe/load-after"
    cp -r "$REPO/e2e/out/$safe/." "$run_dir/$safe/"
done
python3 "$HERE/report.py" "$kind" "$run_dir"
