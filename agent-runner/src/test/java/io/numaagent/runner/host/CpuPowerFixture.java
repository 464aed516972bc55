package io.numaagent.runner.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the cpufreq, cpuidle and uncore files of CPUs under a sysfs root in the kernel's exact formats
 * (intel_pstate lists end in a space before the newline, as {@code show_energy_performance_available_preferences}
 * prints them; {@code scaling_available_governors} of intel_pstate's active mode has none). Shared by the
 * reader, executor and dry-run tests.
 */
public final class CpuPowerFixture {

    private final Path sysfs;

    public CpuPowerFixture(Path sysfs) {
        this.sysfs = sysfs;
    }

    /** CPU {@code cpu} run by intel_pstate (active, HWP): 800 MHz..3.9 GHz, base 2.1 GHz, powersave, EPP. */
    public CpuPowerFixture intelPstate(int cpu, String epp) {
        Path f = cpu(cpu).resolve("cpufreq");
        write(f.resolve("scaling_driver"), "intel_pstate\n");
        write(f.resolve("scaling_available_governors"), "performance powersave\n");
        write(f.resolve("scaling_governor"), "powersave\n");
        write(f.resolve("cpuinfo_min_freq"), "800000\n");
        write(f.resolve("cpuinfo_max_freq"), "3900000\n");
        write(f.resolve("base_frequency"), "2100000\n");
        write(f.resolve("scaling_min_freq"), "800000\n");
        write(f.resolve("scaling_max_freq"), "3900000\n");
        write(f.resolve("energy_performance_available_preferences"),
                "default performance balance_performance balance_power power \n");
        write(f.resolve("energy_performance_preference"), epp + "\n");
        return this;
    }

    /** CPU {@code cpu} run by acpi-cpufreq: 1.2..2.6 GHz, schedutil, no EPP, no base frequency. */
    public CpuPowerFixture acpiCpufreq(int cpu) {
        Path f = cpu(cpu).resolve("cpufreq");
        write(f.resolve("scaling_driver"), "acpi-cpufreq\n");
        write(f.resolve("scaling_available_governors"),
                "conservative ondemand userspace powersave performance schedutil \n");
        write(f.resolve("scaling_governor"), "schedutil\n");
        write(f.resolve("cpuinfo_min_freq"), "1200000\n");
        write(f.resolve("cpuinfo_max_freq"), "2600000\n");
        write(f.resolve("scaling_min_freq"), "1200000\n");
        write(f.resolve("scaling_max_freq"), "2600000\n");
        return this;
    }

    /** CPU {@code cpu}'s cpuidle states, {@code state0} first, all enabled. */
    public CpuPowerFixture idleStates(int cpu, String... names) {
        for (int k = 0; k < names.length; k++) {
            Path s = cpu(cpu).resolve("cpuidle/state" + k);
            write(s.resolve("name"), names[k] + "\n");
            write(s.resolve("disable"), "0\n");
            write(s.resolve("latency"), Integer.toString(k * 10) + "\n");
        }
        return this;
    }

    /** An intel_uncore_frequency domain with its limits and boot limits (kHz). */
    public CpuPowerFixture uncore(int pkg, int die, long min, long max, long initialMin, long initialMax) {
        Path d = sysfs.resolve(String.format("devices/system/cpu/intel_uncore_frequency/package_%02d_die_%02d",
                pkg, die));
        write(d.resolve("min_freq_khz"), min + "\n");
        write(d.resolve("max_freq_khz"), max + "\n");
        write(d.resolve("initial_min_freq_khz"), initialMin + "\n");
        write(d.resolve("initial_max_freq_khz"), initialMax + "\n");
        write(d.resolve("current_freq_khz"), max + "\n");
        return this;
    }

    /** Writes one file under CPU {@code cpu}'s directory ({@code cpufreq/scaling_max_freq}). */
    public CpuPowerFixture file(int cpu, String relative, String content) {
        write(cpu(cpu).resolve(relative), content);
        return this;
    }

    /** A file's content, stripped. */
    public String read(int cpu, String relative) {
        try {
            return Files.readString(cpu(cpu).resolve(relative)).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path cpu(int cpu) {
        return sysfs.resolve("devices/system/cpu/cpu" + cpu);
    }

    public Path sysfs() {
        return sysfs;
    }

    private static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
