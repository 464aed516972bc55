package io.numaagent.runner.tracking;

import io.numaagent.api.tracking.TrackerSpec;
import io.numaagent.runner.host.HostPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntUnaryOperator;
import java.util.function.LongSupplier;

/**
 * memtierd's {@code softdirty} tracker (anchors §2.2): {@code 4} written to {@code /proc/PID/clear_refs}
 * clears the soft-dirty bits of a process when it is first tracked and after each of its scans; a scan
 * counts the present, exclusive pages with pagemap bit 55 as written. A region stops counting once more
 * than {@code maxCountPerRegion} dirty pages were seen (strictly more, as memtierd) and the count is
 * clamped to it. With {@code skipPageProbPerMille}, after each counted-over page the next pages are
 * skipped while consecutive draws of {@code random(1000)} fall below it (≥ 1000: only the region's
 * first page). Counts are writes; accesses and reads stay 0.
 */
final class SoftDirtyTracker implements PageTracker {

    private final TrackerSpec.SoftDirty spec;
    private final HostPaths paths;
    private final ScannedProcesses procs;
    private final IntUnaryOperator random;
    private final long[] entries;
    private final NodeTally tally;

    /** @param random {@code random.applyAsInt(1000)} draws in [0, 1000); injected so tests are exact */
    SoftDirtyTracker(TrackerSpec.SoftDirty spec, HostPaths paths, long pageSize, PfnNodes nodes, LongSupplier nowMs,
                     IntUnaryOperator random) {
        this.spec = spec;
        this.paths = paths;
        this.random = random;
        this.procs = new ScannedProcesses(paths, pageSize, spec.pagesInRegion(), spec.regionsUpdateMs(),
                spec.pagemapReadahead(), nowMs);
        this.entries = new long[spec.pagesInRegion()];
        this.tally = new NodeTally(nodes);
    }

    @Override
    public String kind() {
        return "softdirty";
    }

    @Override
    public long scanIntervalMs() {
        return spec.scanIntervalMs();
    }

    @Override
    public void track(Set<Integer> pids) {
        for (ScannedProcesses.Proc p : procs.track(pids)) {
            clearRefs(p.pid);
        }
    }

    @Override
    public Scan scan() throws InterruptedException {
        Map<Integer, List<Count>> counts = new LinkedHashMap<>();
        long pages = 0;
        long counted = 0;
        for (ScannedProcesses.Proc p : procs.due()) {
            List<Count> out = new ArrayList<>(p.regions.size());
            long t0 = System.nanoTime();
            try {
                for (long[] region : p.regions) {
                    if (Thread.interrupted()) {
                        throw new InterruptedException();
                    }
                    out.add(count(p, region));
                    pages += region[1];
                }
            } catch (ProcessFileException e) {
                procs.drop(p.pid, e);
                continue;
            } finally {
                counted += System.nanoTime() - t0;
            }
            if (clearRefs(p.pid)) {
                counts.put(p.pid, out);
            }
        }
        return new Scan(counts, procs.takeGone(), pages, counted);
    }

    private Count count(ScannedProcesses.Proc p, long[] region) throws ProcessFileException {
        int n = (int) region[1];
        int maxCount = spec.maxCountPerRegion() == 0 ? spec.pagesInRegion() : spec.maxCountPerRegion();
        int prob = spec.skipPageProbPerMille();
        p.pagemap.read(region[0], n, entries);
        tally.reset();
        tally.addAll(entries, n);
        int written = 0;
        for (int i = 0; i < n; i++) {
            long e = entries[i];
            if (!Pagemap.presentExclusive(e)) {
                continue;
            }
            if ((e & Pagemap.SOFT_DIRTY) != 0 && ++written > maxCount) {
                break;
            }
            if (prob >= 1000) {
                break;
            }
            while (prob > 0 && random.applyAsInt(1000) < prob) {
                i++;
            }
        }
        return new Count(region[0], n, 0, 0, Math.min(written, maxCount), tally.node());
    }

    /** Clears the soft-dirty bits of {@code pid}; a process that cannot be cleared is dropped. */
    private boolean clearRefs(int pid) {
        try {
            Files.write(paths.proc(pid + "/clear_refs"), "4\n".getBytes(StandardCharsets.US_ASCII),
                    StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            return true;
        } catch (IOException e) {
            procs.drop(pid, e);
            return false;
        }
    }

    @Override
    public void close() {
        procs.close();
    }
}
