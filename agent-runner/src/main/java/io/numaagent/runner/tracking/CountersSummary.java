package io.numaagent.runner.tracking;

import io.numaagent.api.tracking.AccessCounters;
import io.numaagent.api.tracking.RangeCounter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** One line per tracked process of a snapshot's access counters, for {@code numa-agent snapshot --track}. */
public final class CountersSummary {

    private CountersSummary() {
    }

    /**
     * {@code plugin task pid: N scans in S s, R ranges, P pages: A accessed, W written; pages on node 0=..., swap=...}.
     */
    public static List<String> lines(List<AccessCounters> counters) {
        List<String> out = new ArrayList<>();
        for (AccessCounters c : counters) {
            long pages = 0;
            long accesses = 0;
            long reads = 0;
            long writes = 0;
            Map<String, Long> byNode = new TreeMap<>();
            for (RangeCounter r : c.ranges()) {
                pages += r.pages();
                accesses += r.accesses();
                reads += r.reads();
                writes += r.writes();
                String node = r.node() == RangeCounter.NODE_SWAP ? "swap"
                        : r.node() == RangeCounter.NODE_UNKNOWN ? "unknown" : Integer.toString(r.node());
                byNode.merge(node, r.pages(), Long::sum);
            }
            StringBuilder nodes = new StringBuilder();
            byNode.forEach((n, p) -> nodes.append(nodes.length() == 0 ? "" : " ").append(n).append('=').append(p));
            out.add(String.format(Locale.ROOT, "%s %s pid %d: %d scans in %.1f s, %d ranges, %d pages: %d accessed, "
                            + "%d read, %d written; pages by node %s", c.plugin(), c.task(), c.pid(), c.scans(),
                    (c.windowEndMs() - c.windowStartMs()) / 1000.0, c.ranges().size(), pages, accesses, reads, writes,
                    nodes.length() == 0 ? "-" : nodes));
        }
        return out;
    }
}
