package io.numaagent.plugins.topologyaware;

import io.numaagent.api.CpuSet;
import io.numaagent.api.NodeSet;
import io.numaagent.plugins.topologyaware.alloc.CpuType;
import io.numaagent.plugins.topologyaware.alloc.Grant;
import java.time.Instant;

/**
 * A grant as kept in the state directory, so that a restarted agent puts every container back where it
 * was (same pool, same exclusive CPUs, same memory zone).
 */
record SavedGrant(String task, String pool, CpuType cpuType, CpuSet exclusive, int portion, NodeSet memZone,
                  int memTypes, Instant coldStartEnds) {

    static SavedGrant of(Grant g) {
        return new SavedGrant(g.id(), g.pool().name(), g.cpuType(), g.exclusive(), g.portion(), g.memZone(),
                g.memTypes(), g.coldStartEnds());
    }

    /** One tab-separated line; task ids and pool names hold no tabs. */
    String line() {
        return String.join("\t", task, pool, cpuType.name(), set(exclusive), Integer.toString(portion), set(memZone),
                Integer.toString(memTypes), coldStartEnds == null ? "-" : coldStartEnds.toString());
    }

    private static String set(Object s) {
        return s.toString();
    }

    /** @throws IllegalArgumentException naming the field that does not parse */
    static SavedGrant parse(String line) {
        String[] f = line.split("\t", -1);
        if (f.length != 8) {
            throw new IllegalArgumentException("expected 8 tab-separated fields, got " + f.length);
        }
        return new SavedGrant(f[0], f[1], CpuType.valueOf(f[2]), CpuSet.parse(f[3]), Integer.parseInt(f[4]),
                NodeSet.parse(f[5]), Integer.parseInt(f[6]), f[7].equals("-") ? null : Instant.parse(f[7]));
    }
}
