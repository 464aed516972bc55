package io.numaagent.plugins.topologyaware;

import io.numaagent.api.CpuSet;
import io.numaagent.api.plugin.ConfigException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The value of {@code availableResources} or {@code reservedResources} as the reference spells it, a
 * mapping of resource name to amount of which the policy reads {@code cpu}: {@code cpuset:<list>},
 * {@code exclude-cpuset:<list>} or (reserved only) a Kubernetes CPU quantity ({@code 750m}, {@code 2},
 * {@code 1.5}). {@link #cpu()} is the amount normalised ({@code 1500m} for {@code 1.5}), or empty when
 * none is given (available: every online CPU).
 */
record CpuResource(String cpu) {

    /** No amount: every online CPU. */
    static final CpuResource ALL = new CpuResource("");

    private static final Pattern QUANTITY = Pattern.compile("(\\d+(?:\\.\\d+)?)(m?)");

    /** As the reference's config prints it (and the README's table shows the default). */
    @Override
    public String toString() {
        return cpu.isEmpty() ? "{}" : "{cpu: " + cpu + "}";
    }

    /** The largest quantity accepted, in milli-CPUs (a million CPUs): it must fit the reservation's long arithmetic. */
    private static final BigDecimal MAX_MILLI = BigDecimal.valueOf(1_000_000_000L);

    /**
     * Reads the mapping under {@code key}; problems are {@link ConfigException}s naming the dotted key
     * ({@code reservedResources.cpu}), which the runner locates in the file.
     *
     * @param quantityAllowed whether a quantity is an amount (reservedResources) or refused (availableResources)
     */
    static CpuResource read(String key, Object value, boolean quantityAllowed) {
        if (!(value instanceof Map<?, ?> m)) {
            throw new ConfigException(key, "'" + key + "' must be a mapping such as {cpu: "
                    + (quantityAllowed ? "750m" : "\"cpuset:0-7\"") + "}; got " + describe(value));
        }
        for (Object name : m.keySet()) {
            if (!"cpu".equals(name)) {
                throw new ConfigException(key + "." + name, "unknown key '" + name + "'; the topology-aware policy "
                        + "uses only cpu in " + key);
            }
        }
        String cpuKey = key + ".cpu";
        Object cpu = m.get("cpu");
        if (cpu == null) {
            if (quantityAllowed) {
                throw new ConfigException(m.containsKey("cpu") ? cpuKey : key, "'" + cpuKey + "' is required: "
                        + "cannot start without CPU reservation (the reference's Helm chart reserves 750m)");
            }
            return ALL;
        }
        String text;
        if (cpu instanceof Double d && !Double.isFinite(d)) {
            throw new ConfigException(cpuKey, "'" + cpuKey + "' must be a finite CPU quantity; got " + cpu);
        }
        if (cpu instanceof Integer || cpu instanceof Long || cpu instanceof Double || cpu instanceof BigInteger) {
            text = new BigDecimal(cpu.toString()).stripTrailingZeros().toPlainString();
        } else if (cpu instanceof String s) {
            text = s.strip();
        } else {
            throw new ConfigException(cpuKey, "'" + cpuKey + "' must be a string or number; got " + describe(cpu));
        }
        String expected = "cpuset:<list>, exclude-cpuset:<list>" + (quantityAllowed ? " or a CPU quantity such as "
                + "750m, 2 or 1.5" : " (a quantity is only for reservedResources)");
        for (String prefix : new String[] {"cpuset:", "exclude-cpuset:"}) {
            if (text.startsWith(prefix)) {
                try {
                    CpuSet.parse(text.substring(prefix.length()).strip());
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(cpuKey, "'" + cpuKey + "': bad CPU list in \"" + text + "\": "
                            + e.getMessage());
                }
                return new CpuResource(text);
            }
        }
        Matcher q = QUANTITY.matcher(text);
        if (!quantityAllowed || !q.matches()) {
            throw new ConfigException(cpuKey, "'" + cpuKey + "' must be " + expected + "; got \"" + text + "\"");
        }
        BigDecimal milli = new BigDecimal(q.group(1)).multiply(BigDecimal.valueOf(q.group(2).isEmpty() ? 1000 : 1))
                .setScale(0, RoundingMode.CEILING);
        if (milli.compareTo(MAX_MILLI) > 0) {
            throw new ConfigException(cpuKey, "'" + cpuKey + "' reserves more CPUs than any machine has (at most "
                    + MAX_MILLI.divide(BigDecimal.valueOf(1000)) + "); got \"" + text + "\"");
        }
        if (milli.signum() == 0) {
            throw new ConfigException(cpuKey, "'" + cpuKey + "' must reserve some CPU; got \"" + text + "\"");
        }
        return new CpuResource(milli.toPlainString() + "m");
    }

    private static String describe(Object v) {
        return v instanceof String s ? "\"" + s + "\"" : v instanceof java.util.List<?> ? "a list" : String.valueOf(v);
    }
}
