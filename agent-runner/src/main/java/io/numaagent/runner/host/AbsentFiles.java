package io.numaagent.runner.host;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Which control files of which cgroup were missing when last looked for, kept across cycles so
 * that a file the kernel does not have (e.g. {@code memory.peak} before 5.19) costs no failed open
 * and exception every cycle. A cgroup's memory is dropped, and its files looked for again, when
 * the cgroup's directory is a different one (removed and created again: another inode), every
 * {@link #REPROBE_CYCLES} cycles (a controller enabled later adds files to the same directory), and
 * when a cycle does not measure the cgroup (it went away; the memory stays bounded by the tasks).
 *
 * <p>Not thread-safe: one snapshot is taken at a time, on one thread.
 */
public final class AbsentFiles {

    /** Cycles after which a cgroup's missing files are looked for again. */
    public static final int REPROBE_CYCLES = 60;

    /** One cgroup's missing files as found in cycle {@code probed}, for its directory {@code identity}. */
    private static final class Entry {
        Object identity;
        long probed;
        final Set<String> missing = new HashSet<>();
    }

    private final Map<String, Entry> byCgroup = new HashMap<>();
    private final Set<String> measured = new HashSet<>();
    private long cycle;

    /** Starts a cycle (a snapshot). */
    public void startCycle() {
        cycle++;
        measured.clear();
    }

    /** Ends the cycle: forgets the cgroups it did not measure. */
    public void endCycle() {
        byCgroup.keySet().retainAll(measured);
    }

    /**
     * The missing files of {@code cgroupPath} to skip this cycle: empty when it was not measured
     * before, its directory's {@code identity} changed, or it is due to be looked at again. The
     * caller adds the files it finds missing this cycle to the returned set.
     *
     * @param identity the directory's identity (its file key), or null when unknown: nothing is remembered
     */
    public Set<String> missingFiles(String cgroupPath, Object identity) {
        if (identity == null) {
            return new HashSet<>();
        }
        measured.add(cgroupPath);
        Entry e = byCgroup.computeIfAbsent(cgroupPath, p -> new Entry());
        if (!Objects.equals(e.identity, identity) || cycle - e.probed >= REPROBE_CYCLES) {
            e.identity = identity;
            e.probed = cycle;
            e.missing.clear();
        }
        return e.missing;
    }

    /** How many cgroups are remembered (tests check that removed cgroups are forgotten). */
    int size() {
        return byCgroup.size();
    }
}
