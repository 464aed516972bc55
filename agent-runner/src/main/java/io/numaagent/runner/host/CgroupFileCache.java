package io.numaagent.runner.host;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What is kept of each measured cgroup's control files between snapshots, so that a snapshot opens
 * as few files as it can (opening and closing a file is most of a read's cost: about 10 µs on
 * cgroupfs on the development VM, 6 µs on ext4):
 * <ul>
 *   <li>the paths of its files, resolved once;</li>
 *   <li>which files were missing when last looked for (e.g. {@code memory.peak} before 5.19): not
 *       looked for again, still reported, until {@link #REPROBE_CYCLES} cycles pass (a controller
 *       enabled later adds files to the same directory);</li>
 *   <li>the text of its <em>configuration</em> files ({@link TaskMeasurementReader#CONFIGURATION_FILES}:
 *       cpusets, memory limit), which change only when someone writes them or a parent's: read again
 *       at the first snapshot at least {@link #CONFIGURATION_MAX_AGE} after the last read, or
 *       {@link #CONFIGURATION_MAX_SNAPSHOTS} snapshots after it, whichever comes first (each cgroup at
 *       its own phase, so that the re-reads are spread over the snapshots), and at once after the
 *       agent wrote the cgroup ({@link #invalidateConfiguration}). So a change made by someone else
 *       is seen within about 10 s.</li>
 * </ul>
 * All of a cgroup's memory is dropped when its directory is another one (removed and created again:
 * another inode) and when a cycle does not measure it (it went away; the memory stays bounded by the
 * tasks). Measurement files ({@code memory.numa_stat}, {@code memory.current}, {@code cpu.stat}, ...)
 * are read in every snapshot.
 *
 * <p>Not thread-safe: one snapshot is taken at a time, on one thread.
 */
public final class CgroupFileCache {

    /** Cycles after which a cgroup's missing files are looked for again. */
    public static final int REPROBE_CYCLES = 60;

    /** Snapshots after which a cgroup's configuration files are read again at the latest. */
    public static final int CONFIGURATION_MAX_SNAPSHOTS = 10;

    /** Age after which a cgroup's configuration files are read again (at the next snapshot). */
    public static final Duration CONFIGURATION_MAX_AGE = Duration.ofSeconds(10);

    /** One cgroup's files as kept for its directory {@code identity}. */
    public static final class Entry {
        private Object identity;
        private long lastMeasured;
        private long probed;
        private long configurationDueCycle;
        private Instant configurationDueTime;
        private final Set<String> missing = new HashSet<>();
        private final Map<String, String> configuration = new HashMap<>();
        /** What a kept configuration text parsed to, when it parsed (a garbled one is parsed and reported each time). */
        private final Map<String, Object> parsedConfiguration = new HashMap<>();
        private final Map<String, ControlFile> files;

        private Entry(Map<String, ControlFile> files) {
            this.files = files;
        }

        /** The control file {@code name}, resolved once by {@code layout}. */
        ControlFile file(CgroupLayout layout, String cgroupPath, String name) {
            ControlFile f = files.get(name);
            if (f == null) {
                Path p = layout.fileFor(cgroupPath, name);
                f = new ControlFile(p, p.toFile());
                files.put(name, f);
            }
            return f;
        }

        boolean isMissing(String name) {
            return missing.contains(name);
        }

        void markMissing(String name) {
            missing.add(name);
        }

        /** The kept text of configuration file {@code name}, or null when it is to be read. */
        String configuration(String name) {
            return configuration.get(name);
        }

        void keepConfiguration(String name, String text) {
            configuration.put(name, text);
        }

        /** The value the kept text of {@code name} parsed to, or null. */
        Object parsedConfiguration(String name) {
            return parsedConfiguration.get(name);
        }

        /** Keeps what the kept text of {@code name} parsed to (nothing when the text is not kept). */
        void keepParsedConfiguration(String name, Object value) {
            if (configuration.containsKey(name)) {
                parsedConfiguration.put(name, value);
            }
        }

        private void dropConfiguration() {
            configuration.clear();
            parsedConfiguration.clear();
        }
    }

    /** A control file's path, and the same as a {@link File} for opening it. */
    record ControlFile(Path path, File file) {
    }

    private final Map<String, Entry> byCgroup = new HashMap<>();
    private long cycle;
    private Instant now = Instant.EPOCH;

    /** Starts a cycle (a snapshot) taken at {@code now}. */
    public void startCycle(Instant now) {
        cycle++;
        this.now = now;
    }

    /** Ends the cycle: forgets the cgroups it did not measure. */
    public void endCycle() {
        byCgroup.values().removeIf(e -> e.lastMeasured != cycle);
    }

    /**
     * What is kept of {@code cgroupPath} for this cycle's measurement: nothing when it was not measured
     * before or its directory's {@code identity} changed; no missing files when they are due to be looked
     * for again; no configuration text when it is due to be read again. The caller adds what it
     * finds to the entry.
     *
     * @param identity the directory's identity (its file key), or null when unknown: nothing is kept
     */
    public Entry entry(String cgroupPath, Object identity) {
        if (identity == null) {
            return new Entry(new HashMap<>()); // kept nowhere: everything is read
        }
        Entry e = byCgroup.get(cgroupPath);
        if (e == null || !Objects.equals(e.identity, identity)) {
            e = new Entry(e == null ? new HashMap<>() : e.files);
            e.identity = identity;
            e.probed = cycle;
            scheduleConfiguration(e, phase(cgroupPath));
            byCgroup.put(cgroupPath, e);
        } else {
            if (cycle - e.probed >= REPROBE_CYCLES) {
                e.probed = cycle;
                e.missing.clear();
            }
            if (cycle >= e.configurationDueCycle || !now.isBefore(e.configurationDueTime)) {
                e.dropConfiguration();
                scheduleConfiguration(e, 1);
            }
        }
        e.lastMeasured = cycle;
        return e;
    }

    /** Next configuration read after {@code fraction} of the period (1: a whole period). */
    private void scheduleConfiguration(Entry e, double fraction) {
        e.configurationDueCycle = cycle + Math.max(1, Math.round(CONFIGURATION_MAX_SNAPSHOTS * fraction));
        e.configurationDueTime = now.plusMillis(Math.max(1, Math.round(CONFIGURATION_MAX_AGE.toMillis() * fraction)));
    }

    /**
     * A new cgroup's first re-read comes after a fraction of the period in (0, 1] taken from its path,
     * so that cgroups that appear together (all of them at the agent's start) are not all read again in
     * the same snapshot.
     */
    private static double phase(String cgroupPath) {
        return (Math.floorMod(cgroupPath.hashCode(), CONFIGURATION_MAX_SNAPSHOTS) + 1.0) / CONFIGURATION_MAX_SNAPSHOTS;
    }

    /**
     * Drops the kept configuration of {@code cgroupPath} and every cgroup below it: the agent wrote
     * there (or tried to), so the next snapshot reads what is in force now.
     */
    public void invalidateConfiguration(String cgroupPath) {
        String below = cgroupPath.endsWith("/") ? cgroupPath : cgroupPath + "/";
        byCgroup.forEach((path, e) -> {
            if (path.equals(cgroupPath) || path.startsWith(below)) {
                e.dropConfiguration();
            }
        });
    }

    /** How many cgroups are remembered (tests check that removed cgroups are forgotten). */
    int size() {
        return byCgroup.size();
    }
}
