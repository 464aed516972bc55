package io.numaagent.plugins.tiermover.config;

import io.numaagent.api.plugin.ConfigException;
import io.numaagent.api.tracking.TrackerSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads memtierd's {@code tracker: {name, config}} into a {@link TrackerSpec}. memtierd decodes each
 * tracker config into a zeroed struct, so an omitted {@code scanintervalms} panics at start and an
 * omitted {@code pagesinregion} is 0; here every omitted key takes the tracker's documented default.
 */
final class TrackerReader {

    static final List<String> NAMES = List.of("idlepage", "softdirty", "damon", "finder", "multi");

    private TrackerReader() {
    }

    /** The tracker named in {@code node} ({@code {name, config}}); {@code defaultName} when the name is omitted (null: required). */
    static TrackerSpec read(ConfigNode node, String defaultName) {
        ConfigNode.Fields f = node.fields("name", "config");
        String name = f.has("name") ? f.get("name").orElseThrow().string() : defaultName;
        if (name == null) {
            throw new ConfigException(f.pathOf("name"), "'name' is required: the tracker, one of " + String.join(", ", NAMES));
        }
        ConfigNode config = f.get("config").orElse(ConfigNode.of(f.pathOf("config"), null)).nested();
        return switch (name) {
            case "idlepage" -> idlePage(config);
            case "softdirty" -> softDirty(config);
            case "damon" -> damon(config);
            case "finder" -> finder(config);
            case "multi" -> multi(config);
            case "stub" -> throw new ConfigException(f.pathOf("name"), "tracker 'stub' counts nothing; use one of "
                    + String.join(", ", NAMES));
            default -> throw new ConfigException(f.pathOf("name"), "unknown tracker '" + name + "'; expected one of "
                    + String.join(", ", NAMES));
        };
    }

    static TrackerSpec.IdlePage idlePage(ConfigNode config) {
        ConfigNode.Fields c = config.fields("pagesinregion", "maxcountperregion", "scanintervalms", "regionsupdatems",
                "pagemapreadahead", "kpageflagsreadahead", "bitmapreadahead");
        return new TrackerSpec.IdlePage(pagesInRegion(c), maxCount(c), scanInterval(c), regionsUpdate(c, 10_000),
                readahead(c, "pagemapreadahead"), readahead(c, "kpageflagsreadahead"), readahead(c, "bitmapreadahead"));
    }

    private static TrackerSpec.SoftDirty softDirty(ConfigNode config) {
        ConfigNode.Fields c = config.fields("pagesinregion", "maxcountperregion", "scanintervalms", "regionsupdatems",
                "skippageprob", "pagemapreadahead", "trackreferenced");
        if (c.bool("trackreferenced", false)) {
            throw new ConfigException(c.pathOf("trackreferenced"),
                    "'trackreferenced' is not supported (memtierd marks it experimental, \"does not work\")");
        }
        return new TrackerSpec.SoftDirty(pagesInRegion(c), maxCount(c), scanInterval(c), regionsUpdate(c, 10_000),
                (int) c.integer("skippageprob", 0, 0, 1000), readahead(c, "pagemapreadahead"));
    }

    private static TrackerSpec.Damon damon(ConfigNode config) {
        ConfigNode.Fields c = config.fields("connection", "samplingus", "aggregationus", "regionsupdateus",
                "mintargetregions", "maxtargetregions", "filteraddressrangesizemax", "interface", "sysfsregionsmanager",
                "kdamondslist", "nrkdamonds", "takeoverkdamonds");
        // results are read through DAMON's sysfs files, so bpftrace/perf ("connection") are not used
        c.string("connection", "bpftrace");
        if (c.integer("interface", 0, 0, 2) == 2) {
            throw new ConfigException(c.pathOf("interface"), "'interface' 2 (debugfs) is not supported; DAMON is driven "
                    + "through sysfs (/sys/kernel/mm/damon/admin): use 0 or 1");
        }
        List<Integer> kdamonds = c.intList("kdamondslist", 0, 65535);
        if (kdamonds.isEmpty()) {
            throw new ConfigException(c.pathOf("kdamondslist"),
                    "'kdamondslist' is required: the kdamond ids (under /sys/kernel/mm/damon/admin/kdamonds) this tracker may use");
        }
        long min = c.integer("mintargetregions", 10, 1, Integer.MAX_VALUE);
        long max = c.integer("maxtargetregions", 1000, 1, Integer.MAX_VALUE);
        if (max < min) {
            throw new ConfigException(c.pathOf("maxtargetregions"), "'maxtargetregions' " + max
                    + " is below 'mintargetregions' " + min);
        }
        return new TrackerSpec.Damon(c.integer("samplingus", 5000, 1, Long.MAX_VALUE),
                c.integer("aggregationus", 100_000, 1, Long.MAX_VALUE), c.integer("regionsupdateus", 1_000_000, 1, Long.MAX_VALUE),
                (int) min, (int) max, c.integer("filteraddressrangesizemax", 33_554_432, -1, Long.MAX_VALUE), kdamonds,
                (int) c.integer("nrkdamonds", 0, 0, 65535), c.bool("takeoverkdamonds", false),
                c.integer("sysfsregionsmanager", 0, 0, 1) == 1);
    }

    static TrackerSpec.Finder finder(ConfigNode config) {
        ConfigNode.Fields c = config.fields("regionsupdatems", "reportaccesses", "pagemapbitexclusive", "pagemapbitpresent",
                "pagemapbitsoftdirty");
        return new TrackerSpec.Finder(regionsUpdate(c, 5000), c.integer("reportaccesses", 0, 0, Long.MAX_VALUE),
                c.get("pagemapbitpresent").map(ConfigNode::bool).orElse(null),
                c.get("pagemapbitexclusive").map(ConfigNode::bool).orElse(null),
                c.get("pagemapbitsoftdirty").map(ConfigNode::bool).orElse(null));
    }

    private static TrackerSpec.Multi multi(ConfigNode config) {
        ConfigNode.Fields c = config.fields("trackers");
        List<TrackerSpec> trackers = new ArrayList<>();
        for (ConfigNode t : c.required("trackers", "the trackers to combine, each {name, config}").items()) {
            trackers.add(read(t, null));
        }
        if (trackers.isEmpty()) {
            throw new ConfigException(c.pathOf("trackers"), "'trackers' must name at least one tracker");
        }
        return new TrackerSpec.Multi(trackers);
    }

    private static int pagesInRegion(ConfigNode.Fields c) {
        return (int) c.integer("pagesinregion", 512, 1, 1 << 30);
    }

    private static int maxCount(ConfigNode.Fields c) {
        return (int) c.integer("maxcountperregion", 1, 0, 1 << 30);
    }

    private static long scanInterval(ConfigNode.Fields c) {
        // memtierd panics on 0 ("non-positive interval for NewTicker")
        return c.integer("scanintervalms", 5000, 1, 86_400_000);
    }

    private static long regionsUpdate(ConfigNode.Fields c, long defaultMs) {
        return c.integer("regionsupdatems", defaultMs, 0, 86_400_000);
    }

    private static int readahead(ConfigNode.Fields c, String key) {
        return (int) c.integer(key, 0, -1, 1 << 20);
    }
}
