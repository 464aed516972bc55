package io.numaagent.plugins.topologyaware.alloc;

import io.numaagent.api.CpuSet;
import io.numaagent.api.snapshot.Platform;
import io.numaagent.plugins.topologyaware.pools.CpuClasses;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves {@code availableResources.cpu} and {@code reservedResources.cpu} against a machine (§2.1 of
 * the reference): {@code cpuset:<list>}, {@code exclude-cpuset:<list>}, or (reserved only) a quantity
 * such as {@code 750m} or {@code 2}, of which {@code ceil(milli/1000)} CPUs are picked with normal
 * priority from the available, non-isolated CPUs.
 */
public final class CpuReservation {

    private static final Pattern QUANTITY = Pattern.compile("(\\d+)(m?)");

    private CpuReservation() {
    }

    /**
     * @param available {@code cpuset:...}, {@code exclude-cpuset:...} or empty for all online CPUs
     * @param reserved  {@code cpuset:...}, {@code exclude-cpuset:...} or a quantity
     * @throws IllegalArgumentException naming the value that is wrong
     */
    public static CpuClasses resolve(Platform platform, String available, String reserved, CpuPicker picker) {
        CpuSet online = platform.onlineCpus();
        CpuSet allowed = available.isBlank() ? online : cpuset("availableResources.cpu", available, online, false)
                .intersection(online);
        CpuSet isolated = platform.isolatedCpus().intersection(allowed);
        if (reserved.isBlank()) {
            throw new IllegalArgumentException("reservedResources.cpu: cannot start without CPU reservation");
        }
        CpuSet reservedCpus;
        Matcher q = QUANTITY.matcher(reserved.strip());
        if (q.matches()) {
            long milli = Long.parseLong(q.group(1)) * (q.group(2).isEmpty() ? 1000 : 1);
            int count = (int) ((milli + 999) / 1000);
            CpuSet from = allowed.difference(isolated);
            reservedCpus = count == 0 ? CpuSet.EMPTY : picker.take(from, count, CpuPriority.NORMAL);
            if (reservedCpus.size() != count) {
                throw new IllegalArgumentException("reservedResources.cpu: cannot reserve " + count + " CPUs of the "
                        + from.size() + " available non-isolated CPUs " + from);
            }
        } else {
            reservedCpus = cpuset("reservedResources.cpu", reserved, allowed, true);
            if (!allowed.containsAll(reservedCpus)) {
                throw new IllegalArgumentException("reservedResources.cpu: " + reservedCpus + " is not a subset of the available CPUs "
                        + allowed);
            }
            CpuSet reservedIsolated = reservedCpus.intersection(isolated);
            if (!reservedIsolated.isEmpty() && reservedCpus.size() != 1) {
                throw new IllegalArgumentException("reservedResources.cpu: " + reservedCpus + " contains isolated CPUs "
                        + reservedIsolated + "; only a single isolated CPU may be reserved");
            }
        }
        return new CpuClasses(allowed, isolated, reservedCpus);
    }

    private static CpuSet cpuset(String key, String value, CpuSet universe, boolean quantityAllowed) {
        String v = value.strip();
        try {
            if (v.startsWith("cpuset:")) {
                return CpuSet.parse(v.substring("cpuset:".length()).strip());
            }
            if (v.startsWith("exclude-cpuset:")) {
                return universe.difference(CpuSet.parse(v.substring("exclude-cpuset:".length()).strip()));
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": bad CPU list in \"" + value + "\": " + e.getMessage(), e);
        }
        throw new IllegalArgumentException(key + ": expected cpuset:<list>, exclude-cpuset:<list>"
                + (quantityAllowed ? " or a CPU quantity like 750m" : "") + "; got \"" + value + "\"");
    }
}
