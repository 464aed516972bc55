package io.numaagent.api.decision;

/**
 * Set the uncore frequency limits of one package's die ({@code devices/system/cpu/intel_uncore_frequency/
 * package_PP_die_DD/min_freq_khz} and {@code max_freq_khz}): the limits of the CPU classes on it, the highest
 * of each winning, as the reference reduces them. A limit left out (0) is not touched; the executor writes the
 * maximum first when the new minimum lies above the current maximum. Machine-wide (no task); action
 * {@code set-uncore-frequency}, resource {@code cpu-class}.
 *
 * @param packageId the package ({@code physical_package_id})
 * @param dieId     the die ({@code die_id})
 * @param minKhz    {@code min_freq_khz}, 0 to leave it
 * @param maxKhz    {@code max_freq_khz}, 0 to leave it
 */
public record SetUncoreFrequency(String plugin, int packageId, int dieId, long minKhz, long maxKhz, String reason)
        implements Decision {

    public SetUncoreFrequency {
        Decision.requireText(plugin, "plugin");
        if (packageId < 0 || dieId < 0) {
            throw new IllegalArgumentException("package and die must not be negative, got " + packageId + "/" + dieId);
        }
        if (minKhz < 0 || maxKhz < 0 || minKhz == 0 && maxKhz == 0) {
            throw new IllegalArgumentException("set a positive minKhz or maxKhz, got " + minKhz + "/" + maxKhz);
        }
        if (minKhz > 0 && maxKhz > 0 && minKhz > maxKhz) {
            throw new IllegalArgumentException("minKhz " + minKhz + " above maxKhz " + maxKhz);
        }
    }

    @Override
    public String task() {
        return null;
    }

    @Override
    public String action() {
        return "set-uncore-frequency";
    }

    @Override
    public Resource resource() {
        return Resource.CPU_CLASS;
    }
}
