package io.numaagent.plugins.tiermover.config;

/**
 * memtierd's mover config ({@code mover: {intervalms, bandwidth}}): one step every {@code intervalMs}
 * moves {@code bandwidth} MiB/s worth of pages. memtierd leaves an omitted {@code mover:} at
 * {@code {0, 0}}, which silently moves nothing; here an omitted mover, or an omitted key of it, takes
 * the mover's own defaults, 10 ms and 100 MB/s.
 *
 * @param intervalMs    time between two steps
 * @param bandwidthMBps MiB per second (memtierd's "MB" is 1,048,576 bytes)
 */
public record MoverSettings(int intervalMs, int bandwidthMBps) {

    public static final MoverSettings DEFAULTS = new MoverSettings(10, 100);

    /** Bytes per second, for the executor's per-plugin budget. */
    public long bytesPerSecond() {
        return bandwidthMBps * 1024L * 1024L;
    }

    /** Pages per step as memtierd computes them (integer arithmetic), for a page size. */
    public long pagesPerStep(long pageSize) {
        return bandwidthMBps * 1024L * 1024L / pageSize * intervalMs / 1000;
    }

    static MoverSettings read(ConfigNode.Fields policy) {
        if (!policy.has("mover")) {
            return DEFAULTS;
        }
        ConfigNode.Fields m = policy.get("mover").orElseThrow().fields("intervalms", "bandwidth");
        int interval = (int) m.integer("intervalms", DEFAULTS.intervalMs, 1, 3_600_000);
        int bandwidth = (int) m.integer("bandwidth", DEFAULTS.bandwidthMBps, 1, 1_000_000);
        MoverSettings s = new MoverSettings(interval, bandwidth);
        if (s.pagesPerStep(4096) == 0) {
            // memtierd drops such a task without a word (count = 0 -> tsBlocked)
            throw m.owner().error("bandwidth " + bandwidth + " MB/s at intervalms " + interval
                    + " moves less than one 4 KiB page per step; raise one of them");
        }
        return s;
    }
}
