# e2e-topology: twoNode fourNodeTwoSocket
# e2e-timeout: 3600
# Benchmark (not a test): Debian's numad (0.5+20150602, its default settings as the
# Debian service starts it: no arguments; -l 6 only adds its candidate list to the
# log) alone, kernel.numa_balancing=0. benchmarks/realkernel/run.sh unpacks the
# package into benchmarks/out/numad on the host; the guest sees it read-only.
# See convergence-lib.sh for the workload and figures.
. "$(dirname "$E2E_TEST_FILE")/convergence-lib.sh"
NUMAD="$E2E_REPO/benchmarks/out/numad/usr/bin/numad"
[ -x "$NUMAD" ] || skip "numad not unpacked at $NUMAD (benchmarks/realkernel/run.sh does it)"
numad_start() { "$NUMAD" -l 6 || fail "numad did not start"; }
numad_stop() {
    kill "$(cat /var/run/numad.pid)" 2>/dev/null || true
    cp /var/log/numad.log "$E2E_RESULTS/numad.log" 2>/dev/null || true
    note "numad moves: $(grep -c 'Advising' /var/log/numad.log 2>/dev/null || echo 0)"
    grep 'Advising' /var/log/numad.log | sed 's/^/    numad: /' | head -20 || true
}
convergence_run numad numad_start numad_stop
