package io.numaagent.plugins.topologyaware.alloc;

import java.util.Locale;

/** The CPU priority a request prefers ({@code prefer-cpu-priority}, {@code defaultCPUPriority}). */
public enum CpuPriority {
    HIGH, NORMAL, LOW, NONE;

    /** {@code high}, {@code normal}, {@code low} or {@code none}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The priority named {@code high}, {@code normal}, {@code low} or {@code none}. */
    public static CpuPriority of(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
