package io.numaagent.plugins.topologyaware.pools;

import java.util.Locale;

/**
 * What a pool stands for, with the reference's topology level values (system=1 … numa=4; l3cache=5
 * is accepted as a level name but no L3 pools are built, since the snapshot carries no caches).
 */
public enum PoolKind {
    VIRTUAL_ROOT("system", 1), SOCKET("package", 2), DIE("die", 3), NUMA_NODE("numa", 4);

    private final String level;
    private final int levelValue;

    PoolKind(String level, int levelValue) {
        this.level = level;
        this.levelValue = levelValue;
    }

    /** The topology level name ({@code system}, {@code package}, {@code die}, {@code numa}). */
    public String level() {
        return level;
    }

    /** 1 for the system, growing towards the leaves. */
    public int levelValue() {
        return levelValue;
    }

    /** The level value of a level name, including {@code l3cache} (5); -1 when unknown. */
    public static int levelValueOf(String level) {
        String l = level.toLowerCase(Locale.ROOT);
        for (PoolKind k : values()) {
            if (k.level.equals(l)) {
                return k.levelValue;
            }
        }
        return "l3cache".equals(l) ? 5 : -1;
    }
}
