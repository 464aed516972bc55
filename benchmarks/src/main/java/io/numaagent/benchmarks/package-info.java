/**
 * JMH benchmarks of the hot paths (a numa-allocator cycle over thousands of tasks, a tier-mover heat round
 * over 100,000 address ranges, a snapshot of 1,000 cgroups) and the numa-allocator's side of the comparison
 * with WCA's allocator: {@link io.numaagent.benchmarks.SnapshotFile} reads the snapshot file both sides get,
 * {@link io.numaagent.benchmarks.SideBySideBenchmark} times {@code decide()} on it and
 * {@link io.numaagent.benchmarks.SideBySideDecisions} writes its decisions for the comparison. Run with
 * {@code java -jar benchmarks/target/benchmarks.jar} or {@code benchmarks/wca/run.sh}; figures are recorded in
 * {@code benchmarks/README.md} and the plugin READMEs, never asserted in tests.
 */
package io.numaagent.benchmarks;
