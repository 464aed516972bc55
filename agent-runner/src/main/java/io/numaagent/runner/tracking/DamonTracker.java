package io.numaagent.runner.tracking;

import io.numaagent.api.tracking.RangeCounter;
import io.numaagent.api.tracking.TrackerSpec;
import io.numaagent.runner.host.HostDirectories;
import io.numaagent.runner.host.HostPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * memtierd's {@code damon} tracker through DAMON's sysfs interface only ({@code /sys/kernel/mm/damon/admin};
 * no debugfs, no bpftrace or perf). The tracked pids are dealt round-robin over the configured kdamonds;
 * each kdamond gets one {@code vaddr} context whose targets are its pids, and one {@code stat} scheme per
 * target that matches every region; with several targets each scheme has a {@code target} filter that
 * leaves out the other targets' memory, so that a scheme's tried regions belong to one pid. A scan asks
 * each kdamond for {@code update_schemes_tried_regions} and reads
 * {@code schemes/I/tried_regions/N/{start,end,nr_accesses}}, each region clipped to the process's anonymous
 * mappings (see {@link #triedRegions}).
 *
 * <p>memtierd sums {@code nr_accesses} of every aggregation interval; a scan here comes every
 * {@link #scanIntervalMs} (at least 1 s, to keep the sysfs reads cheap), so each region's
 * {@code nr_accesses} is multiplied by the aggregation intervals that passed since the previous scan:
 * the same scale, estimated from the latest aggregation. {@code age} is not used (as in memtierd).
 *
 * <p>A kdamond found running is taken over (stopped and reconfigured) only with
 * {@code takeOverKdamonds}; otherwise starting fails naming it. Every kdamond this tracker turned on is
 * turned off by {@link #close}; kdamonds it created ({@code nr_kdamonds} was 0) are removed again.
 */
final class DamonTracker implements PageTracker {

    private static final Logger LOG = LoggerFactory.getLogger(DamonTracker.class);
    static final String ULONG_MAX = "18446744073709551615";
    static final String UINT_MAX = "4294967295";
    static final long MIN_SCAN_MS = 1000;
    static final long OFF_WAIT_MS = 5000;

    private final TrackerSpec.Damon spec;
    private final HostPaths paths;
    private final Path kdamonds;
    private final long pageSize;
    private final PfnNodes nodes;
    private final LongSupplier nowMs;
    /** kdamond id to the pids it monitors (target index = list index). */
    private final Map<Integer, List<Integer>> assigned = new LinkedHashMap<>();
    private final Set<Integer> running = new TreeSet<>();
    private final Map<Integer, Long> lastPollMs = new HashMap<>();
    private final Set<Integer> gone = new LinkedHashSet<>();
    /** One pagemap window for the node lookups of every scan (forgotten when a scan's pagemap closes). */
    private final Pagemap.Window window = new Pagemap.Window(0, 4096);
    private Set<Integer> tracked = Set.of();
    private boolean prepared;
    private boolean created;
    /** What {@link #close} could not undo in the kernel, for a stop to report as not clean. */
    private final List<String> unreleased = new ArrayList<>();

    DamonTracker(TrackerSpec.Damon spec, HostPaths paths, long pageSize, PfnNodes nodes, LongSupplier nowMs) {
        this.spec = spec;
        this.paths = paths;
        this.kdamonds = paths.sys("kernel/mm/damon/admin/kdamonds");
        this.pageSize = pageSize;
        this.nodes = nodes;
        this.nowMs = nowMs;
    }

    @Override
    public String kind() {
        return "damon";
    }

    @Override
    public long scanIntervalMs() {
        return Math.max(MIN_SCAN_MS, spec.aggregationUs() / 1000);
    }

    @Override
    public void track(Set<Integer> pids) throws IOException {
        if (pids.equals(tracked)) {
            return;
        }
        if (!prepared) {
            prepare();
        }
        tracked = Set.copyOf(pids);
        List<Integer> ids = spec.kdamonds();
        Map<Integer, List<Integer>> next = new LinkedHashMap<>();
        ids.forEach(id -> next.put(id, new ArrayList<>()));
        int i = 0;
        for (int pid : new TreeSet<>(pids)) {
            next.get(ids.get(i++ % ids.size())).add(pid);
        }
        for (Map.Entry<Integer, List<Integer>> e : next.entrySet()) {
            int id = e.getKey();
            if (e.getValue().equals(assigned.get(id))) {
                continue;
            }
            turnOff(id);
            assigned.put(id, e.getValue());
            if (!e.getValue().isEmpty()) {
                configure(id, e.getValue());
                write(kdamond(id).resolve("state"), "on");
                running.add(id);
                lastPollMs.put(id, nowMs.getAsLong());
            }
        }
    }

    /** Creates kdamonds when none exist (nrKdamonds), checks the configured ids, takes over running ones if allowed. */
    private void prepare() throws IOException {
        if (spec.kdamonds().isEmpty()) {
            throw new IOException("damon tracker: kdamonds lists no kdamond to use");
        }
        Path nr = kdamonds.resolve("nr_kdamonds");
        long have = readLong(nr);
        if (have == 0) {
            if (spec.nrKdamonds() == 0) {
                throw new IOException(nr + " is 0 and nrKdamonds is 0: no kdamond to use");
            }
            write(nr, Integer.toString(spec.nrKdamonds()));
            have = spec.nrKdamonds();
            created = true;
        }
        for (int id : spec.kdamonds()) {
            if (id < 0 || id >= have) {
                throw new IOException("kdamond " + id + " does not exist (" + nr + " is " + have + ")");
            }
            Path state = kdamond(id).resolve("state");
            if (Files.readString(state).strip().equals("on")) {
                if (!spec.takeOverKdamonds()) {
                    throw new IOException("kdamond " + id + " is running (" + state + " is on) and takeOverKdamonds "
                            + "is off: not taking it over");
                }
                LOG.warn("taking over running kdamond {}: turning it off to reconfigure it", id);
                write(state, "off");
            }
        }
        prepared = true;
    }

    private Path kdamond(int id) {
        return kdamonds.resolve(Integer.toString(id));
    }

    private void configure(int id, List<Integer> pids) throws IOException {
        Path k = kdamond(id);
        write(k.resolve("contexts/nr_contexts"), "1");
        Path c = k.resolve("contexts/0");
        write(c.resolve("operations"), "vaddr");
        Path attrs = c.resolve("monitoring_attrs");
        write(attrs.resolve("intervals/sample_us"), Long.toString(spec.samplingUs()));
        write(attrs.resolve("intervals/aggr_us"), Long.toString(spec.aggregationUs()));
        write(attrs.resolve("intervals/update_us"), Long.toString(spec.regionsUpdateUs()));
        // max before min: the kernel checks min <= max when turning on, but a lower max first avoids a transient min > max
        write(attrs.resolve("nr_regions/max"), Integer.toString(spec.maxTargetRegions()));
        write(attrs.resolve("nr_regions/min"), Integer.toString(spec.minTargetRegions()));
        write(c.resolve("targets/nr_targets"), Integer.toString(pids.size()));
        for (int t = 0; t < pids.size(); t++) {
            Path target = c.resolve("targets/" + t);
            write(target.resolve("pid_target"), Integer.toString(pids.get(t)));
            if (spec.regionsFromMaps()) {
                initialRegions(target.resolve("regions"), pids.get(t));
            }
        }
        write(c.resolve("schemes/nr_schemes"), Integer.toString(pids.size()));
        for (int t = 0; t < pids.size(); t++) {
            Path s = c.resolve("schemes/" + t);
            write(s.resolve("action"), "stat");
            Path p = s.resolve("access_pattern");
            write(p.resolve("sz/min"), "0");
            write(p.resolve("sz/max"), ULONG_MAX);
            write(p.resolve("nr_accesses/min"), "0");
            write(p.resolve("nr_accesses/max"), UINT_MAX);
            write(p.resolve("age/min"), "0");
            write(p.resolve("age/max"), UINT_MAX);
            if (pids.size() > 1) {
                write(s.resolve("filters/nr_filters"), "1");
                Path f = s.resolve("filters/0");
                write(f.resolve("type"), "target");
                write(f.resolve("damon_target_idx"), Integer.toString(t));
                write(f.resolve("matching"), "N"); // filters out what is NOT target t
            } else if (Files.exists(s.resolve("filters/nr_filters"))) {
                write(s.resolve("filters/nr_filters"), "0");
            }
        }
    }

    /** memtierd's SysfsRegionsManager 1: the target's anonymous mappings as its initial regions. */
    private void initialRegions(Path regions, int pid) throws IOException {
        List<long[]> maps = AnonRegions.mappings(paths, pid, pageSize);
        write(regions.resolve("nr_regions"), Integer.toString(maps.size()));
        for (int r = 0; r < maps.size(); r++) {
            write(regions.resolve(r + "/start"), Long.toUnsignedString(maps.get(r)[0]));
            write(regions.resolve(r + "/end"), Long.toUnsignedString(maps.get(r)[0] + maps.get(r)[1] * pageSize));
        }
    }

    @Override
    public Scan scan() throws InterruptedException, IOException {
        Map<Integer, List<Count>> counts = new LinkedHashMap<>();
        long pages = 0;
        for (int id : List.copyOf(running)) {
            List<Integer> pids = assigned.get(id);
            List<Integer> alive = pids.stream().filter(p -> Files.isDirectory(paths.proc(Integer.toString(p)))).toList();
            Path k = kdamond(id);
            if (alive.size() < pids.size() || !Files.readString(k.resolve("state")).strip().equals("on")) {
                // a target exited (the kdamond stops by itself when all did): restart with the others
                pids.stream().filter(p -> !alive.contains(p)).forEach(gone::add);
                restart(id, alive);
                continue;
            }
            long now = nowMs.getAsLong();
            long factor = Math.max(1, Math.round((now - lastPollMs.getOrDefault(id, now)) * 1000.0 / spec.aggregationUs()));
            lastPollMs.put(id, now);
            write(k.resolve("state"), "update_schemes_tried_regions");
            for (int t = 0; t < pids.size(); t++) {
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                List<Count> out = new ArrayList<>();
                pages += triedRegions(k.resolve("contexts/0/schemes/" + t + "/tried_regions"), pids.get(t), factor, out);
                counts.put(pids.get(t), out);
            }
        }
        Set<Integer> g = Set.copyOf(gone);
        gone.clear();
        return new Scan(counts, g, pages);
    }

    private void restart(int id, List<Integer> alive) throws IOException {
        turnOff(id);
        assigned.put(id, new ArrayList<>(alive));
        tracked = Set.copyOf(assignedPids());
        if (!alive.isEmpty()) {
            configure(id, alive);
            write(kdamond(id).resolve("state"), "on");
            running.add(id);
            lastPollMs.put(id, nowMs.getAsLong());
        }
    }

    private Set<Integer> assignedPids() {
        Set<Integer> all = new LinkedHashSet<>();
        assigned.values().forEach(all::addAll);
        return all;
    }

    /**
     * Reads one scheme's tried regions as counts of {@code pid}, in address order; returns pages covered.
     * DAMON's {@code vaddr} regions span whatever the process maps (shared libraries, file mappings, the gaps
     * between them); each is clipped to the process's anonymous mappings ({@link AnonRegions}, what the
     * idlepage and softdirty trackers scan), so that no plugin is told to move library pages that
     * {@code move_pages} refuses. A clipped part gets the region's count in proportion to its pages: its
     * accesses per page, and so its heat, stay the region's.
     */
    private long triedRegions(Path dir, int pid, long factor, List<Count> out) throws IOException {
        long pages = 0;
        List<long[]> anon;
        try {
            anon = AnonRegions.mappings(paths, pid, pageSize);
        } catch (IOException e) {
            LOG.debug("no mappings of pid {} for its DAMON regions: {}", pid, e.getMessage());
            return 0; // gone: the next scan restarts the kdamond without it
        }
        Pagemap pagemap = openPagemap(pid);
        try {
            NodeTally tally = new NodeTally(nodes);
            long[] entries = new long[4096];
            for (int n : HostDirectories.numberedEntries(dir, "")) {
                Path r = dir.resolve(Integer.toString(n));
                long start = readLong(r.resolve("start"));
                long end = readLong(r.resolve("end"));
                long accesses = readLong(r.resolve("nr_accesses")) * factor;
                long regionPages = (end - start) / pageSize;
                long max = spec.filterAddressRangeSizeMax();
                if (regionPages <= 0 || (max > 0 && end - start > max)) {
                    continue;
                }
                for (long[] m : anon) {
                    long from = Math.max(start, m[0]);
                    long to = Math.min(end, m[0] + m[1] * pageSize);
                    if (from >= to) {
                        continue;
                    }
                    long len = (to - from) / pageSize;
                    int node = pagemap == null ? RangeCounter.NODE_UNKNOWN : node(pagemap, tally, entries, from, len);
                    pages += len;
                    out.add(new Count(from, len, len == regionPages ? accesses : Math.round((double) accesses * len / regionPages),
                            0, 0, node));
                }
            }
        } catch (ProcessFileException e) {
            LOG.debug("no node for the DAMON regions of pid {}: {}", pid, e.getMessage());
        } finally {
            if (pagemap != null) {
                pagemap.close();
            }
        }
        out.sort((a, b) -> Long.compareUnsigned(a.start(), b.start()));
        return pages;
    }

    /** The node holding most of the {@code len} pages from {@code start}, from their pagemap entries. */
    private int node(Pagemap pagemap, NodeTally tally, long[] entries, long start, long len) throws ProcessFileException {
        tally.reset();
        for (long off = 0; off < len; off += entries.length) {
            int k = (int) Math.min(entries.length, len - off);
            pagemap.read(start + off * pageSize, k, entries);
            tally.addAll(entries, k);
        }
        return tally.node();
    }

    private Pagemap openPagemap(int pid) {
        try {
            return new Pagemap(paths.proc(pid + "/pagemap"), pageSize, window);
        } catch (IOException e) {
            return null;
        }
    }

    private void turnOff(int id) {
        if (!running.remove(id)) {
            return;
        }
        Path state = kdamond(id).resolve("state");
        try {
            if (!Files.readString(state).strip().equals("off")) {
                write(state, "off");
            }
        } catch (IOException e) {
            LOG.warn("cannot turn kdamond {} off: {}", id, e.getMessage());
            unreleased.add("kdamond " + id + " not turned off (" + state + "): " + e.getMessage());
        }
    }

    /**
     * Waits (at most {@link #OFF_WAIT_MS}) until every kdamond this tracker used reads "off": a kdamond
     * thread stops asynchronously, and {@code nr_kdamonds} cannot shrink while one still runs (EBUSY).
     */
    private void awaitOff() {
        long deadline = System.nanoTime() + OFF_WAIT_MS * 1_000_000L;
        for (int id : assigned.keySet()) {
            try {
                while (!Files.readString(kdamond(id).resolve("state")).strip().equals("off")
                        && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
            } catch (IOException e) {
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static long readLong(Path file) throws IOException {
        String s = Files.readString(file).strip();
        try {
            return Long.parseUnsignedLong(s);
        } catch (NumberFormatException e) {
            throw new IOException(file + ": not a number: \"" + s + "\"", e);
        }
    }

    private static void write(Path file, String value) throws IOException {
        try {
            Files.write(file, value.getBytes(StandardCharsets.US_ASCII), StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new IOException("cannot write \"" + value + "\" to " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> unreleased() {
        return List.copyOf(unreleased);
    }

    @Override
    public void close() {
        for (int id : List.copyOf(running)) {
            turnOff(id);
        }
        if (created) {
            try {
                awaitOff();
                write(kdamonds.resolve("nr_kdamonds"), "0");
            } catch (IOException e) {
                LOG.warn("cannot remove the kdamonds this agent created: {}", e.getMessage());
                unreleased.add("kdamonds created by the agent not removed: " + e.getMessage());
            }
            created = false;
        }
    }
}
