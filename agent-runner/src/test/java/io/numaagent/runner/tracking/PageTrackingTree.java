package io.numaagent.runner.tracking;

import io.numaagent.api.snapshot.NumaNode;
import io.numaagent.api.testing.TestMachine;
import io.numaagent.runner.host.HostPaths;
import io.numaagent.runner.host.HostTreeWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the files page-access trackers read, in the kernel's formats, on top of a {@link TestMachine}'s
 * host tree ({@link HostTreeWriter}): per process {@code maps}, {@code numa_maps}, {@code pagemap}
 * (native-endian u64 per page, sparse), {@code stat} and {@code clear_refs}; {@code /proc/kpageflags},
 * {@code /sys/kernel/mm/page_idle/bitmap}, the nodes' memory blocks, and a DAMON sysfs tree. Each
 * node's memory is laid out as consecutive 2 GiB blocks (as large x86 machines have) in node order, so {@link #pfn} names a frame
 * on a node. Used by the tracker tests and, through the test-jar, by plugins' tests.
 */
public final class PageTrackingTree {

    public static final long PAGE = 4096;
    static final long BLOCK_BYTES = 2L << 30;

    private final HostPaths paths;
    private final Map<Integer, Long> firstPfn = new LinkedHashMap<>();

    private PageTrackingTree(HostPaths paths) {
        this.paths = paths;
    }

    /**
     * The machine's host tree under {@code dir}, with memory blocks, an empty kpageflags, an all-zero idle
     * bitmap, {@code proc/self} (pagemap and clear_refs present) and a kernel config with soft-dirty, idle
     * page tracking and DAMON sysfs.
     */
    public static PageTrackingTree write(TestMachine machine, Path dir) {
        PageTrackingTree t = new PageTrackingTree(HostTreeWriter.of(machine).write(dir));
        try {
            t.put(t.paths.sys("devices/system/memory/block_size_bytes"), Long.toHexString(BLOCK_BYTES) + "\n");
            long block = 0;
            for (NumaNode n : machine.nodes()) {
                t.firstPfn.put(n.id(), block * BLOCK_BYTES / PAGE);
                long blocks = Math.max(1, (n.memTotalBytes() + BLOCK_BYTES - 1) / BLOCK_BYTES);
                for (long b = 0; b < blocks; b++, block++) {
                    Files.createDirectories(t.paths.sys("devices/system/node/node" + n.id() + "/memory" + block));
                }
            }
            t.touch(t.paths.proc("kpageflags"));
            t.touch(t.paths.sys("kernel/mm/page_idle/bitmap"));
            t.touch(t.paths.proc("self/pagemap"));
            t.touch(t.paths.proc("self/clear_refs"));
            t.put(t.paths.proc("self/maps"), "");
            t.kernelConfig("CONFIG_PROC_PAGE_MONITOR=y", "CONFIG_MEM_SOFT_DIRTY=y", "CONFIG_IDLE_PAGE_TRACKING=y",
                    "CONFIG_DAMON_SYSFS=y");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return t;
    }

    /** Writes {@code /proc/config.gz} with these lines (none: the file is removed). */
    public void kernelConfig(String... lines) {
        Path file = paths.proc("config.gz");
        try {
            Files.deleteIfExists(file);
            if (lines.length > 0) {
                try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(file))) {
                    out.write(("#\n# Linux kernel configuration\n#\n" + String.join("\n", lines) + "\n")
                            .getBytes(StandardCharsets.US_ASCII));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public HostPaths paths() {
        return paths;
    }

    /** The {@code index}-th frame of {@code node}'s memory. */
    public long pfn(int node, long index) {
        return firstPfn.get(node) + index;
    }

    /** Adds a process: its {@code stat} (start time {@code startTime}), empty maps and numa_maps, pagemap, clear_refs. */
    public Proc process(int pid, long startTime) {
        Proc p = new Proc(pid);
        try {
            StringBuilder stat = new StringBuilder(pid + " (meme) S 1");
            for (int f = 5; f <= 52; f++) {
                stat.append(' ').append(f == 22 ? startTime : 0);
            }
            put(paths.proc(pid + "/stat"), stat + "\n");
            touch(paths.proc(pid + "/pagemap"));
            touch(paths.proc(pid + "/clear_refs"));
            p.writeMaps();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** Removes a process's directory, as its exit does. */
    public void exit(int pid) {
        deleteTree(paths.proc(Integer.toString(pid)));
    }

    /** Sets the kpageflags word of {@code pfn}. */
    public void kpageflags(long pfn, long flags) {
        writeWord(paths.proc("kpageflags"), pfn, flags);
    }

    /** Sets or clears the idle bit of {@code pfn}. */
    public void idle(long pfn, boolean idle) {
        long w = bitmapWord(pfn);
        long bit = 1L << (pfn & 63);
        writeWord(paths.sys("kernel/mm/page_idle/bitmap"), pfn >>> 6, idle ? w | bit : w & ~bit);
    }

    /** The bitmap word holding {@code pfn}. */
    public long bitmapWord(long pfn) {
        return readWord(paths.sys("kernel/mm/page_idle/bitmap"), pfn >>> 6);
    }

    /** What was last written to a process's clear_refs. */
    public String clearRefs(int pid) {
        return read(paths.proc(pid + "/clear_refs"));
    }

    /** A pagemap entry: present (with pfn), exclusive, soft-dirty as given. */
    public static long present(long pfn, boolean exclusive, boolean softDirty) {
        return Pagemap.PRESENT | pfn | (exclusive ? Pagemap.EXCLUSIVE : 0) | (softDirty ? Pagemap.SOFT_DIRTY : 0);
    }

    /** A pagemap entry of a swapped-out page. */
    public static long swapped() {
        return Pagemap.SWAP;
    }

    /** One process's files. */
    public final class Proc {
        private final int pid;
        private final List<String> maps = new ArrayList<>();
        private final List<String> numaMaps = new ArrayList<>();

        Proc(int pid) {
            this.pid = pid;
        }

        /** An anonymous mapping of {@code pages} pages at {@code start} ("anon=" in numa_maps). */
        public Proc anon(long start, long pages) {
            return mapping(start, pages, "rw-p 00000000 00:00 0", "default anon=" + pages + " dirty=" + pages
                    + " N0=" + pages + " kernelpagesize_kB=4");
        }

        /** The heap ("heap" in numa_maps). */
        public Proc heap(long start, long pages) {
            return mapping(start, pages, "rw-p 00000000 00:00 0                          [heap]", "default heap anon="
                    + pages + " N0=" + pages + " kernelpagesize_kB=4");
        }

        /** A file mapping (no anon= in numa_maps: trackers leave it out). */
        public Proc file(long start, long pages, String path) {
            return mapping(start, pages, "r--p 00000000 08:01 1234 " + path, "default file=" + path + " mapped="
                    + pages + " N0=" + pages + " kernelpagesize_kB=4");
        }

        private Proc mapping(long start, long pages, String rest, String numa) {
            maps.add(Long.toHexString(start) + "-" + Long.toHexString(start + pages * PAGE) + " " + rest);
            numaMaps.add(Long.toHexString(start) + " " + numa);
            try {
                writeMaps();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        /** Removes the mapping at {@code start} from maps and numa_maps (its pagemap entries stay, as the file would read 0). */
        public Proc unmap(long start) {
            String hex = Long.toHexString(start);
            maps.removeIf(l -> l.startsWith(hex + "-"));
            numaMaps.removeIf(l -> l.startsWith(hex + " "));
            try {
                writeMaps();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        /** Sets the pagemap entries of consecutive pages from {@code vaddr}. */
        public Proc pages(long vaddr, long... entries) {
            for (int i = 0; i < entries.length; i++) {
                writeWord(paths.proc(pid + "/pagemap"), vaddr / PAGE + i, entries[i]);
            }
            return this;
        }

        /** Sets {@code count} pages from {@code vaddr} present and exclusive on consecutive frames from {@code pfn}. */
        public Proc presentRun(long vaddr, int count, long pfn, boolean softDirty) {
            long[] e = new long[count];
            for (int i = 0; i < count; i++) {
                e[i] = present(pfn + i, true, softDirty);
            }
            return pages(vaddr, e);
        }

        private void writeMaps() throws IOException {
            put(paths.proc(pid + "/maps"), String.join("\n", maps) + (maps.isEmpty() ? "" : "\n"));
            put(paths.proc(pid + "/numa_maps"), String.join("\n", numaMaps) + (numaMaps.isEmpty() ? "" : "\n"));
        }
    }

    // ------------------------------------------------------------------ DAMON sysfs

    /**
     * A DAMON sysfs tree with {@code kdamonds} kdamonds (state off), each with one context and room for
     * {@code targets} targets and schemes (the directories the kernel creates when the counts are written).
     */
    public void damon(int kdamonds, int targets) {
        Path k = paths.sys("kernel/mm/damon/admin/kdamonds");
        try {
            put(k.resolve("nr_kdamonds"), kdamonds + "\n");
            for (int i = 0; i < kdamonds; i++) {
                Path d = k.resolve(Integer.toString(i));
                put(d.resolve("state"), "off\n");
                put(d.resolve("pid"), "-1\n");
                put(d.resolve("contexts/nr_contexts"), "0\n");
                Path c = d.resolve("contexts/0");
                put(c.resolve("avail_operations"), "vaddr\nfvaddr\npaddr\n");
                put(c.resolve("operations"), "vaddr\n");
                for (String f : List.of("intervals/sample_us", "intervals/aggr_us", "intervals/update_us",
                        "nr_regions/min", "nr_regions/max")) {
                    put(c.resolve("monitoring_attrs/" + f), "0\n");
                }
                put(c.resolve("targets/nr_targets"), "0\n");
                put(c.resolve("schemes/nr_schemes"), "0\n");
                for (int t = 0; t < targets; t++) {
                    put(c.resolve("targets/" + t + "/pid_target"), "0\n");
                    put(c.resolve("targets/" + t + "/regions/nr_regions"), "0\n");
                    for (int r = 0; r < 8; r++) {
                        put(c.resolve("targets/" + t + "/regions/" + r + "/start"), "0\n");
                        put(c.resolve("targets/" + t + "/regions/" + r + "/end"), "0\n");
                    }
                    Path s = c.resolve("schemes/" + t);
                    put(s.resolve("action"), "pageout\n");
                    for (String f : List.of("sz", "nr_accesses", "age")) {
                        put(s.resolve("access_pattern/" + f + "/min"), "0\n");
                        put(s.resolve("access_pattern/" + f + "/max"), "0\n");
                    }
                    put(s.resolve("filters/nr_filters"), "0\n");
                    put(s.resolve("filters/0/type"), "anon\n");
                    put(s.resolve("filters/0/damon_target_idx"), "0\n");
                    put(s.resolve("filters/0/matching"), "N\n");
                    Files.createDirectories(s.resolve("tried_regions"));
                    put(s.resolve("tried_regions/total_bytes"), "0\n");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file under kdamond {@code k} (e.g. {@code "state"}, {@code "contexts/0/targets/0/pid_target"}). */
    public Path damonFile(int k, String relative) {
        return paths.sys("kernel/mm/damon/admin/kdamonds/" + k + "/" + relative);
    }

    /** Replaces the tried regions of scheme {@code s} of kdamond {@code k}: rows of {start, end, nr_accesses, age}. */
    public void triedRegions(int k, int s, long[]... regions) {
        Path dir = damonFile(k, "contexts/0/schemes/" + s + "/tried_regions");
        try {
            try (var list = Files.list(dir)) {
                for (Path p : list.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                    deleteTree(p);
                }
            }
            for (int i = 0; i < regions.length; i++) {
                Path r = dir.resolve(Integer.toString(i));
                put(r.resolve("start"), Long.toUnsignedString(regions[i][0]) + "\n");
                put(r.resolve("end"), Long.toUnsignedString(regions[i][1]) + "\n");
                put(r.resolve("nr_accesses"), regions[i][2] + "\n");
                put(r.resolve("age"), regions[i][3] + "\n");
                put(r.resolve("sz_filter_passed"), "0\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file's content, stripped. */
    public static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------ files

    private void put(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private void touch(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        if (!Files.exists(file)) {
            Files.createFile(file);
        }
    }

    private static void writeWord(Path file, long index, long value) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.CREATE)) {
            ch.write(ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(value).flip(), index * 8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long readWord(Path file, long index) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder());
            return ch.read(b, index * 8) < 8 ? 0 : b.flip().getLong();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
