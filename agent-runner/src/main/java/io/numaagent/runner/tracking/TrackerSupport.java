package io.numaagent.runner.tracking;

import io.numaagent.api.tracking.TrackerSpec;
import io.numaagent.runner.host.HostPaths;
import io.numaagent.runner.host.ProcMaps;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Whether this host can run a tracker, checked when a plugin names its tracker (at {@code check} and
 * {@code run}): each missing piece is named with the kernel option that provides it.
 *
 * <ul>
 *   <li>idlepage: {@code /sys/kernel/mm/page_idle/bitmap} (CONFIG_IDLE_PAGE_TRACKING) and {@code /proc/kpageflags};</li>
 *   <li>softdirty: {@code /proc/PID/clear_refs} and soft-dirty bits (CONFIG_MEM_SOFT_DIRTY): told by
 *       {@code /proc/config.gz} when present, else probed on the agent's own pagemap, where a kernel with
 *       soft-dirty shows bit 55 on every page of a process nobody cleared (memtierd, without it, runs and
 *       counts nothing: anchors §2.2);</li>
 *   <li>damon: {@code /sys/kernel/mm/damon/admin/kdamonds} (CONFIG_DAMON_SYSFS);</li>
 *   <li>every tracker: {@code /proc/self/pagemap} (CONFIG_PROC_PAGE_MONITOR).</li>
 * </ul>
 */
public final class TrackerSupport {

    private static final int PROBE_PAGES = 4096;

    private TrackerSupport() {
    }

    /** What is missing for {@code spec} on the host under {@code paths}; empty when it can run. */
    public static List<String> missing(TrackerSpec spec, HostPaths paths, long pageSize) {
        Set<String> out = new LinkedHashSet<>();
        collect(spec, paths, pageSize, out);
        return List.copyOf(out);
    }

    /** Whether {@code spec} is or contains an idlepage tracker. */
    public static boolean usesIdlePage(TrackerSpec spec) {
        return spec instanceof TrackerSpec.IdlePage
                || (spec instanceof TrackerSpec.Multi m && m.trackers().stream().anyMatch(TrackerSupport::usesIdlePage));
    }

    private static void collect(TrackerSpec spec, HostPaths paths, long pageSize, Set<String> out) {
        if (!Files.exists(paths.proc("self/pagemap"))) {
            out.add("no " + paths.proc("self/pagemap") + " (CONFIG_PROC_PAGE_MONITOR)");
        }
        if (spec instanceof TrackerSpec.IdlePage) {
            require(paths.sys("kernel/mm/page_idle/bitmap"), "idle page tracking (CONFIG_IDLE_PAGE_TRACKING)", out);
            require(paths.proc("kpageflags"), "page flags (CONFIG_PROC_PAGE_MONITOR)", out);
        } else if (spec instanceof TrackerSpec.SoftDirty) {
            require(paths.proc("self/clear_refs"), "clear_refs (CONFIG_PROC_PAGE_MONITOR)", out);
            softDirtyMissing(paths, pageSize).ifPresent(out::add);
        } else if (spec instanceof TrackerSpec.Damon d) {
            require(paths.sys("kernel/mm/damon/admin/kdamonds"), "the DAMON sysfs interface (CONFIG_DAMON_SYSFS)", out);
            kdamondsUnusable(d, paths, out);
        } else if (spec instanceof TrackerSpec.Multi m) {
            m.trackers().forEach(t -> collect(t, paths, pageSize, out));
        }
        // finder: pagemap only
    }

    /** The configured kdamonds: listed, existing (or to be created), and not running unless taking over is allowed. */
    private static void kdamondsUnusable(TrackerSpec.Damon d, HostPaths paths, Set<String> out) {
        if (d.kdamonds().isEmpty()) {
            out.add("the damon tracker lists no kdamond to use (kdamonds)");
            return;
        }
        Path dir = paths.sys("kernel/mm/damon/admin/kdamonds");
        long have;
        try {
            have = Long.parseLong(Files.readString(dir.resolve("nr_kdamonds")).strip());
        } catch (IOException | NumberFormatException e) {
            return; // no DAMON sysfs: said above
        }
        long usable = have == 0 ? d.nrKdamonds() : have;
        for (int id : d.kdamonds()) {
            if (id < 0 || id >= usable) {
                out.add("kdamond " + id + " does not exist (" + dir.resolve("nr_kdamonds") + " is " + have
                        + (have == 0 ? ", nrKdamonds " + d.nrKdamonds() : "") + ")");
            } else if (have > 0 && !d.takeOverKdamonds()) {
                try {
                    if (Files.readString(dir.resolve(id + "/state")).strip().equals("on")) {
                        out.add("kdamond " + id + " is running (another DAMON user) and takeOverKdamonds is off");
                    }
                } catch (IOException e) {
                    // read again when the tracker starts
                }
            }
        }
    }

    private static void require(Path file, String what, Set<String> out) {
        if (!Files.exists(file)) {
            out.add("no " + file + ": " + what + " is not built into this kernel");
        }
    }

    /** Why soft-dirty bits cannot be had here, if they cannot. */
    static Optional<String> softDirtyMissing(HostPaths paths, long pageSize) {
        Path config = paths.proc("config.gz");
        if (Files.exists(config)) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(config))) {
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                return text.contains("\nCONFIG_MEM_SOFT_DIRTY=y") ? Optional.empty()
                        : Optional.of("soft-dirty bits are not built into this kernel (" + config
                        + " has no CONFIG_MEM_SOFT_DIRTY=y)");
            } catch (IOException e) {
                // fall through to the probe
            }
        }
        return switch (probeSoftDirty(paths, pageSize)) {
            case 1 -> Optional.empty();
            case 0 -> Optional.of("soft-dirty bits are not built into this kernel (CONFIG_MEM_SOFT_DIRTY): no page of "
                    + paths.proc("self/pagemap") + " has bit 55 set");
            default -> Optional.of("cannot tell whether soft-dirty bits are built into this kernel: no "
                    + config + " and no present page in " + paths.proc("self/pagemap"));
        };
    }

    /** 1: a present page of this process is soft-dirty; 0: present pages, none soft-dirty; -1: no present page read. */
    private static int probeSoftDirty(HostPaths paths, long pageSize) {
        List<long[]> spans = new ArrayList<>();
        try {
            for (ProcMaps.Mapping m : ProcMaps.parse(Files.readAllLines(paths.proc("self/maps")))) {
                if (m.perms().startsWith("rw") && (m.pathname().isEmpty() || m.pathname().equals("[heap]"))) {
                    spans.add(new long[] {m.start(), m.end()});
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            return -1;
        }
        int seen = 0;
        try (Pagemap pm = new Pagemap(paths.proc("self/pagemap"), 0, pageSize, 256)) {
            long[] entries = new long[256];
            for (long[] s : spans) {
                for (long a = s[0]; a < s[1] && seen < PROBE_PAGES; a += entries.length * pageSize) {
                    int n = (int) Math.min(entries.length, (s[1] - a) / pageSize);
                    pm.read(a, n, entries);
                    for (int i = 0; i < n; i++) {
                        if ((entries[i] & Pagemap.PRESENT) != 0) {
                            if ((entries[i] & Pagemap.SOFT_DIRTY) != 0) {
                                return 1;
                            }
                            seen++;
                        }
                    }
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return seen > 0 ? 0 : -1;
    }
}
