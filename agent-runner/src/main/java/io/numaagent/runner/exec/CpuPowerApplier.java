package io.numaagent.runner.exec;

import io.numaagent.api.CpuSet;
import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.Outcome;
import io.numaagent.api.decision.SetCpuClass;
import io.numaagent.api.decision.SetUncoreFrequency;
import io.numaagent.api.snapshot.UncoreDomain;
import io.numaagent.runner.host.HostDirectories;
import io.numaagent.runner.host.HostFiles;
import io.numaagent.runner.host.HostPaths;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Applies {@link SetCpuClass} and {@link SetUncoreFrequency} to sysfs. On each CPU, in this order: the
 * governor ({@code cpufreq/scaling_governor}), the frequency limits ({@code scaling_min_freq},
 * {@code scaling_max_freq}: the maximum first when the new minimum lies above the maximum the file shows, so
 * that the kernel never clamps the minimum to the old maximum), the energy-performance preference (after the
 * governor: intel_pstate refuses any but {@code performance} under the performance governor) and the
 * {@code cpuidle/stateK/disable} bits. Each file is read first and written only when it shows another value
 * (CPUs sharing one cpufreq policy are written once). A file that cannot be written costs that file only:
 * the others are still written, and the outcome ({@code failed}, with the first errno) names every file and
 * CPU written and failed.
 */
final class CpuPowerApplier {

    /** Writes one sysfs file ({@link FileCgroupWriter#writeExisting}); tests see the order. */
    interface FileWriter {
        void write(Path file, String value) throws HostWriteException;
    }

    private final HostPaths paths;
    private final FileWriter files;

    CpuPowerApplier(HostPaths paths) {
        this(paths, FileCgroupWriter::writeExisting);
    }

    CpuPowerApplier(HostPaths paths, FileWriter files) {
        this.paths = paths;
        this.files = files;
    }

    /** What one decision wrote and could not write: "file=value" to the CPUs (or dies). */
    private final class Writes {
        final Map<String, List<Integer>> written = new LinkedHashMap<>();
        final Map<String, List<Integer>> failed = new LinkedHashMap<>();
        String errno;

        void write(Path file, String name, String value, int where) {
            String shown;
            try {
                shown = HostFiles.readText(file).strip();
            } catch (IOException e) {
                shown = null; // unreadable (write-only or gone): write, and let the write tell
            }
            if (value.equals(shown)) {
                return;
            }
            try {
                files.write(file, value);
                written.computeIfAbsent(name + "=" + value, k -> new ArrayList<>()).add(where);
            } catch (HostWriteException e) {
                String why = e.errno() != null ? e.errno()
                        : e.getMessage().substring(e.getMessage().lastIndexOf(": ") + 2); // the reason, not the path
                failed.computeIfAbsent(name + "=" + value + " (" + why + ")", k -> new ArrayList<>()).add(where);
                if (errno == null) {
                    errno = e.errno();
                }
            }
        }

        Outcome outcome(Cycle c, Decision d, String noun) {
            if (written.isEmpty() && failed.isEmpty()) {
                return c.outcome(d, Outcome.Status.UNCHANGED, "every file already shows the class's values");
            }
            String wrote = written.isEmpty() ? "wrote nothing" : "wrote " + list(written, noun);
            if (failed.isEmpty()) {
                return c.outcome(d, Outcome.Status.APPLIED, wrote);
            }
            return new Outcome(c.sequence(), d, Outcome.Status.FAILED, wrote + "; failed " + list(failed, noun), errno,
                    0, 0, 0, 0);
        }

        private String list(Map<String, List<Integer>> m, String noun) {
            return m.entrySet().stream().map(e -> e.getKey() + " on " + where(noun, e.getValue()))
                    .collect(Collectors.joining(", "));
        }

        private String where(String noun, List<Integer> ids) {
            if (noun.equals("cpu")) {
                CpuSet cpus = CpuSet.of(ids);
                return (ids.size() == 1 ? "cpu " : "cpus ") + cpus;
            }
            return noun;
        }
    }

    Outcome apply(Cycle c, SetCpuClass d) {
        Writes w = new Writes();
        for (int cpu : d.cpus().stream().toArray()) {
            Path dir = paths.sys("devices/system/cpu/cpu" + cpu);
            Path freq = dir.resolve("cpufreq");
            if (!d.governor().isEmpty()) {
                w.write(freq.resolve("scaling_governor"), "scaling_governor", d.governor(), cpu);
            }
            boolean maxFirst = d.minKhz() > 0 && d.minKhz() > shownKhz(freq.resolve("scaling_max_freq"));
            if (maxFirst && d.maxKhz() > 0) {
                w.write(freq.resolve("scaling_max_freq"), "scaling_max_freq", Long.toString(d.maxKhz()), cpu);
            }
            if (d.minKhz() > 0) {
                w.write(freq.resolve("scaling_min_freq"), "scaling_min_freq", Long.toString(d.minKhz()), cpu);
            }
            if (!maxFirst && d.maxKhz() > 0) {
                w.write(freq.resolve("scaling_max_freq"), "scaling_max_freq", Long.toString(d.maxKhz()), cpu);
            }
            if (!d.energyPerformancePreference().isEmpty()) {
                writePreference(w, freq.resolve("energy_performance_preference"), d.energyPerformancePreference(),
                        cpu);
            }
            if (d.disabledIdleStates() != null) {
                Path idle = dir.resolve("cpuidle");
                for (int k : HostDirectories.numberedEntries(idle, "state")) {
                    Path state = idle.resolve("state" + k);
                    String name = shownText(state.resolve("name"));
                    boolean disable = d.disabledIdleStates().contains(name);
                    w.write(state.resolve("disable"), "state" + k + "(" + name + ")/disable", disable ? "1" : "0", cpu);
                }
            }
        }
        return w.outcome(c, d, "cpu");
    }

    Outcome apply(Cycle c, SetUncoreFrequency d) {
        Writes w = new Writes();
        String name = UncoreDomain.directory(d.packageId(), d.dieId());
        Path dir = paths.sys("devices/system/cpu/intel_uncore_frequency/" + name);
        boolean maxFirst = d.minKhz() > 0 && d.minKhz() > shownKhz(dir.resolve("max_freq_khz"));
        if (maxFirst && d.maxKhz() > 0) {
            w.write(dir.resolve("max_freq_khz"), "max_freq_khz", Long.toString(d.maxKhz()), 0);
        }
        if (d.minKhz() > 0) {
            w.write(dir.resolve("min_freq_khz"), "min_freq_khz", Long.toString(d.minKhz()), 0);
        }
        if (!maxFirst && d.maxKhz() > 0) {
            w.write(dir.resolve("max_freq_khz"), "max_freq_khz", Long.toString(d.maxKhz()), 0);
        }
        return w.outcome(c, d, name);
    }

    /** A preference the file already shows under its other spelling (128 as balance_performance) is not written. */
    private static void writePreference(Writes w, Path file, String wanted, int cpu) {
        String shown = shownText(file);
        if (SetCpuClass.samePreference(shown, wanted)) {
            return;
        }
        w.write(file, "energy_performance_preference", wanted, cpu);
    }

    private static long shownKhz(Path file) {
        try {
            return Long.parseLong(HostFiles.readText(file).strip());
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    private static String shownText(Path file) {
        try {
            return HostFiles.readText(file).strip();
        } catch (IOException e) {
            return "";
        }
    }
}
