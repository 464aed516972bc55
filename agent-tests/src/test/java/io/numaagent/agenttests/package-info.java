/**
 * Tests of the whole agent with its bundled plugins, run as a child process over the fixture trees
 * and observed from outside: {@code /metrics} against docs/METRICS.md and promtool, OTLP export
 * configured by the environment.
 */
package io.numaagent.agenttests;
