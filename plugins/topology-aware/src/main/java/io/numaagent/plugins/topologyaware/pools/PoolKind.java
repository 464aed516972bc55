package io.numaagent.plugins.topologyaware.pools;

import java.util.Locale;

/** What a pool stands for, with the reference's topology level values (system=1 … l3cache=5). */
public enum PoolKind {
    VIRTUAL_ROOT("system", 1), SOCKET("package", 2), DIE("die", 3), NUMA_NODE("numa", 4), L3_CACHE("l3cache", 5);

    private final String level;
    private final int levelValue;

    PoolKind(String level, int levelValue) {
        this.level = level;
        this.levelValue = levelValue;
    }

    /** The topology level name ({@code system}, {@code package}, {@code die}, {@code numa}, {@code l3cache}). */
    public String level() {
        return level;
    }

    /** 1 for the system, growing towards the leaves. */
    public int levelValue() {
        return levelValue;
    }

    /** The level value of a level name; -1 when unknown. */
    public static int levelValueOf(String level) {
        String l = level.toLowerCase(Locale.ROOT);
        for (PoolKind k : values()) {
            if (k.level.equals(l)) {
                return k.levelValue;
            }
        }
        return -1;
    }
}
