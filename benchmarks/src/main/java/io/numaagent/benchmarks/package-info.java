/**
 * JMH benchmarks of the hot paths (a numa-allocator cycle over thousands of tasks, a tier-mover heat round
 * over 100,000 address ranges); run with
 * {@code java -jar benchmarks/target/benchmarks.jar}. Figures are recorded in the plugin READMEs,
 * never asserted in tests.
 */
package io.numaagent.benchmarks;
