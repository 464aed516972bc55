package io.numaagent.plugins.topologyaware.annotations;

/** Values of {@code prefer-cpu-priority}. */
public enum CpuPriority {
    HIGH, NORMAL, LOW, NONE,
    /** Use the config's {@code defaultCPUPriority}. */
    DEFAULT;

    static CpuPriority parse(String s) {
        return switch (s) {
            case "high" -> HIGH;
            case "normal" -> NORMAL;
            case "low" -> LOW;
            case "none" -> NONE;
            case "default" -> DEFAULT;
            default -> throw new ValueException("'" + s + "' is not a CPU priority (high, normal, low, none, default)");
        };
    }
}
