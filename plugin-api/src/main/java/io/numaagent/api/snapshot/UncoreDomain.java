package io.numaagent.api.snapshot;

/**
 * One uncore frequency domain of the {@code intel_uncore_frequency} driver,
 * {@code devices/system/cpu/intel_uncore_frequency/package_PP_die_DD}: the limits in force and the ones the
 * firmware set at boot, all in kHz.
 *
 * @param packageId    {@code PP}, the CPUs' {@code physical_package_id}
 * @param dieId        {@code DD}, the CPUs' {@code die_id}
 * @param minKhz       {@code min_freq_khz}
 * @param maxKhz       {@code max_freq_khz}
 * @param initialMinKhz {@code initial_min_freq_khz}: the lowest {@code min_freq_khz} takes (0 when unknown)
 * @param initialMaxKhz {@code initial_max_freq_khz}: the highest {@code max_freq_khz} takes (0 when unknown)
 */
public record UncoreDomain(int packageId, int dieId, long minKhz, long maxKhz, long initialMinKhz,
                           long initialMaxKhz) {

    /** The directory name under {@code intel_uncore_frequency}: {@code package_01_die_00}. */
    public String directory() {
        return directory(packageId, dieId);
    }

    /** The directory name of a package's die: {@code package_01_die_00}. */
    public static String directory(int packageId, int dieId) {
        return String.format(java.util.Locale.ROOT, "package_%02d_die_%02d", packageId, dieId);
    }
}
