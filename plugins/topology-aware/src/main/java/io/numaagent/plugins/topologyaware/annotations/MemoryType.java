package io.numaagent.plugins.topologyaware.annotations;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** Memory types of {@code memory-type}; {@code mixed} means all three. */
public enum MemoryType {
    DRAM, PMEM, HBM;

    /** A comma list, case-insensitive, blanks around items allowed; empty means unspecified. */
    static Set<MemoryType> parseList(String s) {
        EnumSet<MemoryType> out = EnumSet.noneOf(MemoryType.class);
        for (String item : s.split(",", -1)) {
            switch (item.strip().toLowerCase(Locale.ROOT)) {
                case "dram" -> out.add(DRAM);
                case "pmem" -> out.add(PMEM);
                case "hbm" -> out.add(HBM);
                case "mixed" -> out.addAll(EnumSet.allOf(MemoryType.class));
                default -> throw new ValueException("unknown memory type '" + item.strip()
                        + "' (dram, pmem, hbm, mixed)");
            }
        }
        return Set.copyOf(out);
    }
}
