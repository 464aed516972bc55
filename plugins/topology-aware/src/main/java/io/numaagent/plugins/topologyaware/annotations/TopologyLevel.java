package io.numaagent.plugins.topologyaware.annotations;

/** CPU topology levels ({@code unlimited-burstable}); {@link #value} is the reference's numbering. */
public enum TopologyLevel {
    SYSTEM("system", 1), PACKAGE("package", 2), DIE("die", 3), NUMA("numa", 4), L3CACHE("l3cache", 5),
    L2CACHE("l2cache", 6), CORE("core", 7), THREAD("thread", 8);

    private final String configName;
    private final int value;

    TopologyLevel(String configName, int value) {
        this.configName = configName;
        this.value = value;
    }

    /** The spelling in annotations and config, e.g. {@code l3cache}. */
    public String configName() {
        return configName;
    }

    /** 1 (system) to 8 (thread); deeper levels have larger values. */
    public int value() {
        return value;
    }

    static TopologyLevel parse(String s) {
        for (TopologyLevel l : values()) {
            if (l.configName.equals(s)) {
                return l;
            }
        }
        throw new ValueException("'" + s + "' is not a topology level (system, package, die, numa, l3cache, "
                + "l2cache, core, thread)");
    }
}
