/**
 * Test support for every module's tests (plugin-api's test-jar): {@link io.numaagent.api.testing.TestMachine},
 * the one description of a machine (topology, cgroups and tasks, processes, kernel state) that yields
 * platforms and snapshots, and which agent-runner's {@code HostTreeWriter} writes as a host tree; and a
 * recording plugin context, logger and metrics; {@link io.numaagent.api.testing.DeclaredMeasurements}, which
 * checks a plugin's measurement declaration against what it reads.
 */
package io.numaagent.api.testing;
