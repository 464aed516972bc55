package io.numaagent.api.snapshot;

/**
 * Resources a task asked for (from its orchestrator or the static config). Zero means "not given".
 *
 * @param cpuRequestMillis   CPU request in millicores
 * @param cpuLimitMillis     CPU limit in millicores
 * @param memoryRequestBytes memory request in bytes
 * @param memoryLimitBytes   memory limit in bytes
 */
public record Resources(long cpuRequestMillis, long cpuLimitMillis, long memoryRequestBytes, long memoryLimitBytes) {

    /** Nothing requested. */
    public static final Resources NONE = new Resources(0, 0, 0, 0);

    public Resources {
        if (cpuRequestMillis < 0 || cpuLimitMillis < 0 || memoryRequestBytes < 0 || memoryLimitBytes < 0) {
            throw new IllegalArgumentException("resources must not be negative");
        }
    }
}
