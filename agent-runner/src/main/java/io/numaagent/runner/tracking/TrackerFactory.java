package io.numaagent.runner.tracking;

import io.numaagent.api.tracking.TrackerSpec;
import io.numaagent.runner.host.HostPaths;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/** Makes the runner's trackers from a plugin's {@link TrackerSpec}: one lane per tracker, {@code multi} flattened. */
final class TrackerFactory {

    /** Makes one tracker (on the scan thread, where its files are opened). */
    interface Maker {
        String kind();

        long scanIntervalMs();

        PageTracker make() throws IOException;
    }

    private TrackerFactory() {
    }

    static List<Maker> lanes(TrackerSpec spec, HostPaths paths, long pageSize, LongSupplier nowMs) {
        List<Maker> out = new ArrayList<>();
        add(spec, paths, pageSize, nowMs, out);
        return out;
    }

    private static void add(TrackerSpec spec, HostPaths paths, long pageSize, LongSupplier nowMs, List<Maker> out) {
        if (spec instanceof TrackerSpec.Multi m) {
            m.trackers().forEach(t -> add(t, paths, pageSize, nowMs, out));
            return;
        }
        long interval;
        if (spec instanceof TrackerSpec.IdlePage ip) {
            interval = ip.scanIntervalMs();
        } else if (spec instanceof TrackerSpec.SoftDirty sd) {
            interval = sd.scanIntervalMs();
        } else if (spec instanceof TrackerSpec.Damon d) {
            interval = Math.max(DamonTracker.MIN_SCAN_MS, d.aggregationUs() / 1000);
        } else {
            TrackerSpec.Finder f = (TrackerSpec.Finder) spec;
            interval = f.regionsUpdateMs() > 0 ? f.regionsUpdateMs() : FinderTracker.DEFAULT_SCAN_MS;
        }
        out.add(new Maker() {
            @Override
            public String kind() {
                return spec.kind();
            }

            @Override
            public long scanIntervalMs() {
                return interval;
            }

            @Override
            public PageTracker make() throws IOException {
                return create(spec, paths, pageSize, nowMs);
            }
        });
    }

    /** One tracker of a single (not multi) kind. */
    static PageTracker create(TrackerSpec spec, HostPaths paths, long pageSize, LongSupplier nowMs) throws IOException {
        PfnNodes nodes = PfnNodes.read(paths, pageSize);
        if (spec instanceof TrackerSpec.IdlePage ip) {
            return new IdlePageTracker(ip, paths, pageSize, nodes, nowMs);
        } else if (spec instanceof TrackerSpec.SoftDirty sd) {
            return new SoftDirtyTracker(sd, paths, pageSize, nodes, nowMs, bound -> ThreadLocalRandom.current().nextInt(bound));
        } else if (spec instanceof TrackerSpec.Damon d) {
            return new DamonTracker(d, paths, pageSize, nodes, nowMs);
        } else if (spec instanceof TrackerSpec.Finder f) {
            return new FinderTracker(f, paths, pageSize, nodes, nowMs);
        }
        throw new IllegalArgumentException("multi is made of lanes, not one tracker");
    }
}
