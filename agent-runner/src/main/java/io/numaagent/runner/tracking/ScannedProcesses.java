package io.numaagent.runner.tracking;

import io.numaagent.runner.host.HostPaths;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processes a pagemap-based tracker scans: each one's open pagemap and its regions, re-read from
 * maps/numa_maps when {@code refreshMs} has passed. A process whose files disappear or cannot be read
 * is dropped and reported as gone; the others are not affected.
 */
final class ScannedProcesses implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ScannedProcesses.class);

    /** One tracked process. */
    static final class Proc {
        final int pid;
        final Pagemap pagemap;
        List<long[]> regions;
        long refreshedMs;

        Proc(int pid, Pagemap pagemap) {
            this.pid = pid;
            this.pagemap = pagemap;
        }
    }

    private final HostPaths paths;
    private final long pageSize;
    private final int pagesInRegion;
    private final long refreshMs;
    private final LongSupplier nowMs;
    private final Map<Integer, Proc> procs = new LinkedHashMap<>();
    private final Set<Integer> gone = new LinkedHashSet<>();
    private final Pagemap.Window window;

    /**
     * @param pagesInRegion regions are split to at most this many pages (0: whole mappings)
     * @param refreshMs     re-read the regions when this long has passed (0: before every scan, -1: never)
     */
    ScannedProcesses(HostPaths paths, long pageSize, int pagesInRegion, long refreshMs, int pagemapReadahead,
                     LongSupplier nowMs) {
        this.paths = paths;
        this.pageSize = pageSize;
        this.pagesInRegion = pagesInRegion;
        this.refreshMs = refreshMs;
        this.nowMs = nowMs;
        this.window = new Pagemap.Window(pagemapReadahead, pagesInRegion);
    }

    /** Tracks exactly {@code pids}; returns the processes added (opened, regions read). */
    List<Proc> track(Set<Integer> pids) {
        for (Iterator<Map.Entry<Integer, Proc>> it = procs.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Integer, Proc> e = it.next();
            if (!pids.contains(e.getKey())) {
                closeQuietly(e.getValue());
                it.remove();
            }
        }
        List<Proc> added = new ArrayList<>();
        for (int pid : pids) {
            if (procs.containsKey(pid)) {
                continue;
            }
            try {
                Proc p = new Proc(pid, new Pagemap(paths.proc(pid + "/pagemap"), pageSize, window));
                procs.put(pid, p);
                if (refresh(p)) {
                    added.add(p);
                }
            } catch (IOException e) {
                drop(pid, e);
            }
        }
        return added;
    }

    /** Every tracked process, regions refreshed where due; those that vanished are dropped (see {@link #takeGone}). */
    List<Proc> due() {
        window.forget(); // a scan reads the kernel's current entries, none from the previous scan
        long now = nowMs.getAsLong();
        List<Proc> out = new ArrayList<>(procs.size());
        for (Proc p : List.copyOf(procs.values())) {
            boolean stale = refreshMs == 0 || (refreshMs > 0 && now - p.refreshedMs >= refreshMs);
            if (!stale || refresh(p)) {
                out.add(p);
            }
        }
        return out;
    }

    /** Drops a process that failed mid-scan. */
    void drop(int pid, IOException why) {
        Proc p = procs.remove(pid);
        if (p != null) {
            closeQuietly(p);
        }
        gone.add(pid);
        if (!(why instanceof NoSuchFileException)) {
            LOG.warn("stopped tracking pid {}: {}", pid, why.toString());
        }
    }

    /** Pids dropped since the last call. */
    Set<Integer> takeGone() {
        Set<Integer> g = Set.copyOf(gone);
        gone.clear();
        return g;
    }

    Set<Integer> pids() {
        return procs.keySet();
    }

    private boolean refresh(Proc p) {
        try {
            List<long[]> maps = AnonRegions.mappings(paths, p.pid, pageSize);
            p.regions = pagesInRegion > 0 ? AnonRegions.split(maps, pagesInRegion, pageSize) : maps;
            p.refreshedMs = nowMs.getAsLong();
            return true;
        } catch (IOException e) {
            drop(p.pid, e);
            return false;
        }
    }

    private static void closeQuietly(Proc p) {
        try {
            p.pagemap.close();
        } catch (IOException e) {
            LOG.debug("closing pagemap of pid {}", p.pid, e);
        }
    }

    @Override
    public void close() {
        procs.values().forEach(ScannedProcesses::closeQuietly);
        procs.clear();
    }
}
