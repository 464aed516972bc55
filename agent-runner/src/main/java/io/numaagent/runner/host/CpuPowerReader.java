package io.numaagent.runner.host;

import io.numaagent.api.CpuSet;
import io.numaagent.api.snapshot.CpuPower;
import io.numaagent.api.snapshot.CpuPowerState;
import io.numaagent.api.snapshot.IdleState;
import io.numaagent.api.snapshot.UncoreDomain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@link CpuPower}: per online CPU its {@code cpufreq} settings ({@code scaling_min_freq},
 * {@code scaling_max_freq}, {@code scaling_governor}, {@code energy_performance_preference}) and its
 * {@code cpuidle/stateK/disable} bits, and the {@code intel_uncore_frequency/package_PP_die_DD} limits. What
 * does not change while the CPUs stay online (the driver, {@code cpuinfo_min_freq}/{@code cpuinfo_max_freq},
 * {@code base_frequency}, the available governors and preferences, the idle states' names, the uncore domains
 * and their {@code initial_*} limits) is read once and again only when the online CPUs change. A missing
 * directory (no cpufreq driver, no cpuidle states, no uncore driver) is "nothing to show", not a problem;
 * a missing or garbled setting inside one is reported.
 */
public final class CpuPowerReader {

    private static final Pattern UNCORE_DIR = Pattern.compile("package_(\\d{2,})_die_(\\d{2,})");

    /** What is read once per CPU. */
    private record Fixed(boolean cpufreq, String driver, List<String> governors, long limitMinKhz, long limitMaxKhz,
                         long baseKhz, List<String> preferences, boolean hasPreference, List<IdleState> states) {
    }

    /** An uncore domain's directory and its boot limits. */
    private record Uncore(int packageId, int dieId, Path dir, long initialMinKhz, long initialMaxKhz) {
    }

    private final HostPaths paths;
    private final Map<Integer, Fixed> fixed = new HashMap<>();
    private List<Uncore> uncore;
    private CpuSet knownOnline;

    public CpuPowerReader(HostPaths paths) {
        this.paths = paths;
    }

    /** The settings of the {@code online} CPUs and the uncore domains. */
    public CpuPower read(CpuSet online, ReadProblems problems) {
        if (!online.equals(knownOnline)) {
            fixed.clear();
            uncore = null;
            knownOnline = online;
        }
        List<CpuPowerState> cpus = new ArrayList<>();
        for (int id : online.stream().toArray()) {
            Path cpu = paths.sys("devices/system/cpu/cpu" + id);
            Fixed f = fixed.computeIfAbsent(id, k -> fixed(cpu, problems));
            if (!f.cpufreq() && f.states().isEmpty()) {
                continue;
            }
            cpus.add(current(id, cpu, f, problems));
        }
        return new CpuPower(cpus, uncore(problems));
    }

    private CpuPowerState current(int id, Path cpu, Fixed f, ReadProblems problems) {
        long min = 0;
        long max = 0;
        String governor = "";
        String preference = "";
        if (f.cpufreq()) {
            Path freq = cpu.resolve("cpufreq");
            min = HostFiles.readLong(freq.resolve("scaling_min_freq"), problems).orElse(0);
            max = HostFiles.readLong(freq.resolve("scaling_max_freq"), problems).orElse(0);
            governor = HostFiles.read(freq.resolve("scaling_governor"), problems).map(String::strip).orElse("");
            if (f.hasPreference()) {
                preference = HostFiles.read(freq.resolve("energy_performance_preference"), problems)
                        .map(String::strip).orElse("");
            }
        }
        List<IdleState> states = new ArrayList<>(f.states().size());
        for (IdleState s : f.states()) {
            Path disable = cpu.resolve("cpuidle/state" + s.index() + "/disable");
            long bit = HostFiles.readLong(disable, problems).orElse(s.disabled() ? 1 : 0);
            states.add(new IdleState(s.index(), s.name(), bit != 0));
        }
        return new CpuPowerState(id, f.cpufreq(), f.driver(), governor, f.governors(), min, max, f.limitMinKhz(),
                f.limitMaxKhz(), f.baseKhz(), preference, f.preferences(), states);
    }

    private static Fixed fixed(Path cpu, ReadProblems problems) {
        Path freq = cpu.resolve("cpufreq");
        boolean cpufreq = Files.isRegularFile(freq.resolve("scaling_max_freq"));
        String driver = "";
        List<String> governors = List.of();
        long limitMin = 0;
        long limitMax = 0;
        long base = 0;
        List<String> preferences = List.of();
        boolean hasPreference = false;
        if (cpufreq) {
            driver = HostFiles.readIfPresent(freq.resolve("scaling_driver"), problems).map(String::strip).orElse("");
            governors = words(HostFiles.readIfPresent(freq.resolve("scaling_available_governors"), problems));
            limitMin = HostFiles.readLong(freq.resolve("cpuinfo_min_freq"), problems).orElse(0);
            limitMax = HostFiles.readLong(freq.resolve("cpuinfo_max_freq"), problems).orElse(0);
            base = optionalLong(freq.resolve("base_frequency"), problems);
            preferences = words(HostFiles.readIfPresent(freq.resolve("energy_performance_available_preferences"),
                    problems));
            hasPreference = Files.isRegularFile(freq.resolve("energy_performance_preference"));
        }
        List<IdleState> states = new ArrayList<>();
        Path idle = cpu.resolve("cpuidle");
        for (int k : HostDirectories.numberedEntries(idle, "state")) {
            Path state = idle.resolve("state" + k);
            Optional<String> name = HostFiles.readIfPresent(state.resolve("name"), problems).map(String::strip);
            if (name.isEmpty() || name.get().isEmpty()) {
                problems.report(state, "idle state without a name; left out");
                continue;
            }
            states.add(new IdleState(k, name.get(), false));
        }
        return new Fixed(cpufreq, driver, governors, limitMin, limitMax, base, preferences, hasPreference, states);
    }

    private List<UncoreDomain> uncore(ReadProblems problems) {
        if (uncore == null) {
            uncore = uncoreDomains(problems);
        }
        List<UncoreDomain> out = new ArrayList<>(uncore.size());
        for (Uncore u : uncore) {
            long min = HostFiles.readLong(u.dir().resolve("min_freq_khz"), problems).orElse(0);
            long max = HostFiles.readLong(u.dir().resolve("max_freq_khz"), problems).orElse(0);
            out.add(new UncoreDomain(u.packageId(), u.dieId(), min, max, u.initialMinKhz(), u.initialMaxKhz()));
        }
        return out;
    }

    private List<Uncore> uncoreDomains(ReadProblems problems) {
        Path root = paths.sys("devices/system/cpu/intel_uncore_frequency");
        List<Uncore> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        for (Path dir : HostDirectories.subdirectories(root, problems)) {
            Matcher m = UNCORE_DIR.matcher(dir.getFileName().toString());
            if (!m.matches()) {
                continue; // uncoreNN: the TPMI interface's own numbering; the package_die directories cover the dies
            }
            out.add(new Uncore(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), dir,
                    optionalLong(dir.resolve("initial_min_freq_khz"), problems),
                    optionalLong(dir.resolve("initial_max_freq_khz"), problems)));
        }
        out.sort(java.util.Comparator.comparingInt(Uncore::packageId).thenComparingInt(Uncore::dieId));
        return out;
    }

    /** A number file that may be absent (0 then, unreported); garbled content is reported. */
    private static long optionalLong(Path file, ReadProblems problems) {
        return HostFiles.readIfPresent(file, problems)
                .map(t -> HostFiles.parseLong(file, t, problems).orElse(0)).orElse(0L);
    }

    private static List<String> words(Optional<String> text) {
        return text.map(t -> List.of(HostFiles.fields(t.strip()))).orElse(List.of()).stream()
                .filter(w -> !w.isEmpty()).toList();
    }
}
