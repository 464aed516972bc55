package io.numaagent.runner.recording;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.MigrateMemory;
import io.numaagent.api.decision.MovePages;
import io.numaagent.api.decision.SetCpuClass;
import io.numaagent.api.decision.SetCpuShares;
import io.numaagent.api.decision.SetUncoreFrequency;
import io.numaagent.api.decision.SetCpus;
import io.numaagent.api.decision.SetIrqAffinity;
import io.numaagent.api.decision.SetMemoryMigrate;
import io.numaagent.api.decision.SetMems;
import io.numaagent.api.decision.SetNumaBalancing;
import io.numaagent.api.decision.SetSchedulingClass;
import io.numaagent.api.decision.SwapOut;
import java.io.IOException;
import java.util.Map;

/**
 * Reads a decision: its {@code action} field names the record, which is then read as any other.
 * (The writer puts {@code action} from {@link Decision#action()}; see Mixins.DecisionMixin.)
 */
final class DecisionReader extends StdDeserializer<Decision> {

    private static final long serialVersionUID = 1L;

    /** Every decision record by its action; a test checks that it covers every permitted subtype. */
    static final Map<String, Class<? extends Decision>> BY_ACTION = Map.ofEntries(
            Map.entry("set-cpus", SetCpus.class),
            Map.entry("set-mems", SetMems.class),
            Map.entry("set-cpu-shares", SetCpuShares.class),
            Map.entry("set-scheduling-class", SetSchedulingClass.class),
            Map.entry("set-memory-migrate", SetMemoryMigrate.class),
            Map.entry("migrate-memory", MigrateMemory.class),
            Map.entry("move-pages", MovePages.class),
            Map.entry("swap-out", SwapOut.class),
            Map.entry("set-numa-balancing", SetNumaBalancing.class),
            Map.entry("set-irq-affinity", SetIrqAffinity.class),
            Map.entry("set-cpu-class", SetCpuClass.class),
            Map.entry("set-uncore-frequency", SetUncoreFrequency.class));

    DecisionReader() {
        super(Decision.class);
    }

    @Override
    public Decision deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (!p.hasToken(JsonToken.START_OBJECT)) {
            throw new FieldProblem(p, "expected an object");
        }
        JsonNode decision = ctxt.readTree(p);
        JsonNode action = decision.get("action");
        if (action == null || action.isNull()) {
            throw atAction(p, "missing");
        }
        if (!action.isTextual()) {
            throw atAction(p, "expected a string");
        }
        Class<? extends Decision> type = BY_ACTION.get(action.textValue());
        if (type == null) {
            throw atAction(p, "unknown action \"" + action.textValue() + "\"");
        }
        return ctxt.readTreeAsValue(decision, type);
    }

    private static FieldProblem atAction(JsonParser p, String problem) {
        FieldProblem e = new FieldProblem(p, problem);
        e.prependPath(Decision.class, "action");
        return e;
    }
}
