/**
 * Test support for every module's tests (plugin-api's test-jar): {@link io.numaagent.api.testing.TestMachine},
 * the one description of a machine (topology, cgroups and tasks, processes, kernel state) that yields
 * platforms and snapshots, and which agent-runner's {@code HostTreeWriter} writes as a host tree; and a
 * recording plugin context, logger and metrics.
 */
package io.numaagent.api.testing;
