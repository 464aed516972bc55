package io.numaagent.plugins.topologyaware.pools;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The memory kinds the reference knows (there is no CXL kind: CPU-less nodes are PMEM or HBM by
 * size). A set of kinds is an int bit mask of {@link #bit()}s.
 */
public enum MemoryType {
    DRAM, PMEM, HBM;

    /** Every kind. */
    public static final int ALL = 0b111;

    public int bit() {
        return 1 << ordinal();
    }

    /** {@code dram,pmem}-style name of a mask, {@code none} when empty. */
    public static String names(int mask) {
        List<String> out = new ArrayList<>();
        for (MemoryType t : values()) {
            if ((mask & t.bit()) != 0) {
                out.add(t.name().toLowerCase(Locale.ROOT));
            }
        }
        return out.isEmpty() ? "none" : String.join(",", out);
    }
}
