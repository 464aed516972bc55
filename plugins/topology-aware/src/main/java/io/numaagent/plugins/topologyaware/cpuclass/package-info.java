/**
 * CPU classes: the {@code cpuClasses} config (frequency limits, governor, energy-performance preference, idle
 * states and uncore limits per class) and which class each CPU has (shared, reserved, or a container's
 * exclusive CPUs), turned into {@code set-cpu-class} / {@code set-uncore-frequency} decisions where the snapshot
 * shows other settings.
 */
package io.numaagent.plugins.topologyaware.cpuclass;
