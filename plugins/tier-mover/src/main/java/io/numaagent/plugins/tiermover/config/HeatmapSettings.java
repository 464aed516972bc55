package io.numaagent.plugins.tiermover.config;

/**
 * memtierd's heatmap config. memtierd overwrites its own defaults with the policy's {@code heatmap:}
 * as given, so an omitted heatmap is {@code HeatMax 0} (every range in class 0) and an omitted
 * {@code heatclasses} is 0 classes (every range in class -1); here each omitted key takes the
 * heatmap's documented default, and zero values are refused.
 *
 * @param heatMax       the heat (accesses per page) at which a range is hottest; more is clamped
 * @param heatRetention share of a range's heat left after one second without a new count (0..1)
 * @param heatClasses   number of heat classes
 */
public record HeatmapSettings(double heatMax, double heatRetention, int heatClasses) {

    public static final HeatmapSettings DEFAULTS = new HeatmapSettings(1.0, 0.9513, 10);

    public HeatmapSettings {
        if (!(heatMax > 0) || heatRetention < 0 || heatRetention > 1 || heatClasses < 1) {
            throw new IllegalArgumentException("heatMax > 0, heatRetention in [0, 1], heatClasses >= 1");
        }
    }

    static HeatmapSettings read(ConfigNode.Fields policy) {
        if (!policy.has("heatmap")) {
            return DEFAULTS;
        }
        ConfigNode.Fields h = policy.get("heatmap").orElseThrow().fields("heatmax", "heatretention", "heatclasses");
        double max = h.decimal("heatmax", DEFAULTS.heatMax, 0, Double.MAX_VALUE);
        if (max == 0) {
            throw new io.numaagent.api.plugin.ConfigException(h.pathOf("heatmax"),
                    "'heatmax' must be above 0 (memtierd puts every range in class 0 then)");
        }
        return new HeatmapSettings(max, h.decimal("heatretention", DEFAULTS.heatRetention, 0, 1),
                (int) h.integer("heatclasses", DEFAULTS.heatClasses, 1, 1000));
    }
}
