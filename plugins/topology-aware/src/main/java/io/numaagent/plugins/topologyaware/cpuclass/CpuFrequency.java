package io.numaagent.plugins.topologyaware.cpuclass;

import io.numaagent.plugins.topologyaware.NamedEntries;
import io.numaagent.api.plugin.ConfigException;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A frequency of a CPU class as the reference takes it: {@code 3.2GHz} / {@code 3.2G}, {@code 2900MHz} /
 * {@code 2900M}, {@code 2900000kHz} / {@code 2900000k}, a bare number (kHz, as sysfs counts), or one of the
 * names {@code min} ({@code cpuinfo_min_freq}), {@code base} ({@code base_frequency}) and {@code turbo}
 * ({@code cpuinfo_max_freq}), resolved per CPU from the snapshot. {@link #NONE}: not set.
 *
 * @param name {@code min}, {@code base}, {@code turbo}, or empty for a number
 * @param khz  the number in kHz (0 for a name, and for {@link #NONE})
 */
public record CpuFrequency(String name, long khz) {

    public static final CpuFrequency NONE = new CpuFrequency("", 0);

    private static final Pattern VALUE = Pattern.compile("(?i)^\\s*([0-9]*\\.?[0-9]+)\\s*(GHz|G|MHz|M|kHz|k)?\\s*$");

    /** Reads the value at {@code key}: a number or a string as above. */
    static CpuFrequency read(String key, Object value) {
        if (value == null) {
            return NONE;
        }
        if (value instanceof Integer || value instanceof Long) {
            long n = ((Number) value).longValue();
            if (n < 0) {
                throw new ConfigException(key, "'" + key + "' must not be negative; got " + n);
            }
            return n == 0 ? NONE : new CpuFrequency("", n);
        }
        if (!(value instanceof String s)) {
            throw new ConfigException(key, "'" + key + "' must be a frequency such as 3.2GHz, 2900MHz, 2900000 (kHz), "
                    + "min, base or turbo; got " + NamedEntries.describe(value));
        }
        String t = s.strip().toLowerCase(Locale.ROOT);
        if (t.isEmpty()) {
            return NONE;
        }
        if (t.equals("min") || t.equals("base") || t.equals("turbo")) {
            return new CpuFrequency(t, 0);
        }
        Matcher m = VALUE.matcher(t);
        if (!m.matches()) {
            throw new ConfigException(key, "'" + key + "' must be a frequency such as 3.2GHz, 2900MHz, 2900000 (kHz), "
                    + "min, base or turbo; got \"" + s + "\"");
        }
        String unit = m.group(2) == null ? "k" : m.group(2).substring(0, 1);
        BigDecimal factor = switch (unit) {
            case "g" -> BigDecimal.valueOf(1_000_000);
            case "m" -> BigDecimal.valueOf(1_000);
            default -> BigDecimal.ONE;
        };
        long khz = new BigDecimal(m.group(1)).multiply(factor).setScale(0, java.math.RoundingMode.HALF_UP)
                .longValueExact();
        if (khz == 0 && new BigDecimal(m.group(1)).signum() > 0) {
            throw new ConfigException(key, "'" + key + "': \"" + s + "\" is below 1 kHz");
        }
        return khz == 0 ? NONE : new CpuFrequency("", khz);
    }

    public boolean isSet() {
        return !name.isEmpty() || khz > 0;
    }

    public boolean isNamed() {
        return !name.isEmpty();
    }

    /**
     * The kHz on a CPU whose lowest, base and highest frequencies are these; {@code turbo} is {@code turboKhz}
     * (the highest, or the base for a class that lost the turbo arbitration). 0 when not set or not known.
     */
    public long resolve(long minKhz, long baseKhz, long turboKhz) {
        return switch (name) {
            case "min" -> minKhz;
            case "base" -> baseKhz;
            case "turbo" -> turboKhz;
            default -> khz;
        };
    }

    @Override
    public String toString() {
        return isNamed() ? name : khz == 0 ? "-" : khz + " kHz";
    }
}
