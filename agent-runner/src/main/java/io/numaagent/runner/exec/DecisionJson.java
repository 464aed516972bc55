package io.numaagent.runner.exec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.MigrateMemory;
import io.numaagent.api.decision.MovePages;
import io.numaagent.api.decision.PageRange;
import io.numaagent.api.decision.SetCpus;
import io.numaagent.api.decision.SetMemoryMigrate;
import io.numaagent.api.decision.SetMems;
import io.numaagent.api.decision.SetNumaBalancing;
import io.numaagent.api.decision.SwapOut;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * One decision as one JSON line, fields in a fixed order: {@code plugin}, {@code task} (absent for
 * machine-wide decisions), {@code action}, the action's own fields, {@code reason}. E.g.
 * {@code {"plugin":"numa-allocator","task":"/batch/a","action":"set-cpus","cpus":"0-9","reason":"..."}}.
 * CPU and node sets print in the kernel list format, addresses as {@code 0x}-hex strings (they do
 * not fit JSON numbers safely), lengths in bytes; migration modes as the system call's name.
 */
public final class DecisionJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private DecisionJson() {
    }

    /** The JSON line (without newline). */
    public static String toLine(Decision decision) {
        try {
            return MAPPER.writeValueAsString(toNode(decision));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JSON object, fields in output order. */
    public static ObjectNode toNode(Decision decision) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("plugin", decision.plugin());
        if (decision.task() != null) {
            o.put("task", decision.task());
        }
        o.put("action", decision.action());
        if (decision instanceof SetCpus d) {
            o.put("cpus", d.cpus().toString());
        } else if (decision instanceof SetMems d) {
            o.put("mems", d.mems().toString());
        } else if (decision instanceof SetMemoryMigrate d) {
            o.put("enabled", d.enabled());
        } else if (decision instanceof MigrateMemory d) {
            o.put("node", d.node());
            if (!d.from().isEmpty()) {
                o.put("from", d.from().toString());
            }
            if (d.mode() != MigrateMemory.MigrationMode.DEFAULT) {
                o.put("mode", modeName(d.mode()));
            }
        } else if (decision instanceof MovePages d) {
            o.put("pid", d.pid());
            ranges(o, d.ranges());
            o.put("node", d.node());
        } else if (decision instanceof SwapOut d) {
            o.put("pid", d.pid());
            ranges(o, d.ranges());
        } else if (decision instanceof SetNumaBalancing d) {
            o.put("mode", d.mode());
        }
        o.put("reason", decision.reason());
        return o;
    }

    /** {@code move_pages} or {@code migrate_pages}, as in the {@code executor.migration} setting. */
    static String modeName(MigrateMemory.MigrationMode mode) {
        return mode.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static void ranges(ObjectNode o, List<PageRange> ranges) {
        ArrayNode a = o.putArray("ranges");
        for (PageRange r : ranges) {
            ObjectNode e = a.addObject();
            e.put("start", "0x" + Long.toHexString(r.start()));
            e.put("length", r.length());
        }
    }
}
