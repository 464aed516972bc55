package io.numaagent.runner.tracking;

import io.numaagent.api.tracking.TrackerSpec;
import io.numaagent.runner.host.HostPaths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * memtierd's {@code finder} tracker (anchors §2.4): every anonymous mapping of each process, unsplit,
 * with {@code reportAccesses} accesses; with pagemap bit filters, the maximal runs of pages that all
 * match instead. Mappings are re-read every {@code regionsUpdateMs} (0: read once); a scan runs at that
 * interval (0: memtierd's 5 s default). The counts are a constant, not an increment: a window carries
 * the last scan's ranges.
 */
final class FinderTracker implements PageTracker {

    static final long DEFAULT_SCAN_MS = 5000;
    private static final int CHUNK = 4096;

    private final TrackerSpec.Finder spec;
    private final PfnNodes nodes;
    private final ScannedProcesses procs;
    private final long pageSize;
    private final long[] entries = new long[CHUNK];

    FinderTracker(TrackerSpec.Finder spec, HostPaths paths, long pageSize, PfnNodes nodes, LongSupplier nowMs) {
        this.spec = spec;
        this.nodes = nodes;
        this.pageSize = pageSize;
        this.procs = new ScannedProcesses(paths, pageSize, 0, spec.regionsUpdateMs() == 0 ? -1 : 0, 0, nowMs);
    }

    @Override
    public String kind() {
        return "finder";
    }

    @Override
    public long scanIntervalMs() {
        return spec.regionsUpdateMs() > 0 ? spec.regionsUpdateMs() : DEFAULT_SCAN_MS;
    }

    @Override
    public boolean summed() {
        return false;
    }

    @Override
    public void track(Set<Integer> pids) {
        procs.track(pids);
    }

    @Override
    public Scan scan() throws InterruptedException {
        Map<Integer, List<Count>> counts = new LinkedHashMap<>();
        long pages = 0;
        for (ScannedProcesses.Proc p : procs.due()) {
            List<Count> out = new ArrayList<>();
            try {
                for (long[] m : p.regions) {
                    if (Thread.interrupted()) {
                        throw new InterruptedException();
                    }
                    matching(p, m, out);
                    pages += m[1];
                }
                counts.put(p.pid, out);
            } catch (ProcessFileException e) {
                procs.drop(p.pid, e);
            }
        }
        return new Scan(counts, procs.takeGone(), pages);
    }

    private boolean filtered() {
        return spec.present() != null || spec.exclusive() != null || spec.softDirty() != null;
    }

    private boolean matches(long e) {
        return bit(spec.present(), e, Pagemap.PRESENT) && bit(spec.exclusive(), e, Pagemap.EXCLUSIVE)
                && bit(spec.softDirty(), e, Pagemap.SOFT_DIRTY);
    }

    private static boolean bit(Boolean want, long e, long mask) {
        return want == null || want == ((e & mask) != 0);
    }

    /** The mapping (or its matching runs) as counts, with the node of each. */
    private void matching(ScannedProcesses.Proc p, long[] mapping, List<Count> out) throws ProcessFileException {
        NodeTally tally = new NodeTally(nodes);
        boolean filtered = filtered();
        long runStart = -1;
        for (long off = 0; off < mapping[1]; off += CHUNK) {
            int n = (int) Math.min(CHUNK, mapping[1] - off);
            p.pagemap.read(mapping[0] + off * pageSize, n, entries);
            for (int i = 0; i < n; i++) {
                long e = entries[i];
                long page = off + i;
                if (!filtered || matches(e)) {
                    if (runStart < 0) {
                        runStart = page;
                        tally.reset();
                    }
                    tally.add(e);
                } else if (runStart >= 0) {
                    out.add(count(mapping[0], runStart, page, tally));
                    runStart = -1;
                }
            }
        }
        if (runStart >= 0) {
            out.add(count(mapping[0], runStart, mapping[1], tally));
        }
    }

    private Count count(long base, long fromPage, long toPage, NodeTally tally) {
        return new Count(base + fromPage * pageSize, toPage - fromPage, spec.reportAccesses(), 0, 0, tally.node());
    }

    @Override
    public void close() {
        procs.close();
    }
}
