/**
 * Scheduling classes as the reference configures them: the classes of {@code schedulingClasses} (a Linux
 * scheduling policy, priority, flags, nice, deadline parameters and I/O priority each), the defaults of
 * {@code namespaceSchedulingClasses} and {@code podQoSSchedulingClasses}, checked at their keys, and the
 * class a container resolves to (its {@code scheduling-class} annotation, else its namespace's, else its
 * QoS class's).
 */
package io.numaagent.plugins.topologyaware.sched;
