# e2e-topology: twoNode fourNodeTwoSocket
# e2e-timeout: 3600
# Benchmark (not a test): how the kernel's automatic NUMA balancing alone
# (kernel.numa_balancing=1, default scan settings) gathers 8 tasks' spread memory
# onto the nodes they run on. See convergence-lib.sh for the workload and figures.
. "$(dirname "$E2E_TEST_FILE")/convergence-lib.sh"
autonuma_start() { echo 1 > /proc/sys/kernel/numa_balancing; }
autonuma_stop() { echo 0 > /proc/sys/kernel/numa_balancing; }
convergence_run autonuma autonuma_start autonuma_stop
