package io.numaagent.api.snapshot;

/**
 * One cpuidle state of a CPU ({@code devices/system/cpu/cpuN/cpuidle/stateK}).
 *
 * @param index    {@code K}
 * @param name     {@code stateK/name} ({@code POLL}, {@code C1}, {@code C1E}, {@code C6}, ...)
 * @param disabled {@code stateK/disable} is 1
 */
public record IdleState(int index, String name, boolean disabled) {

    public IdleState {
        name = name == null ? "" : name;
    }
}
