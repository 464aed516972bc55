package io.numaagent.plugins.numaallocator;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.MigrateMemory;
import io.numaagent.api.decision.SetCpus;
import io.numaagent.api.decision.SetNumaBalancing;
import io.numaagent.api.testing.InMemoryMetrics;
import io.numaagent.api.testing.RecordingLogger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DecisionOutputTest {

    @ParameterizedTest(name = "twoNode: dryrun {0}")
    @ValueSource(booleans = {false, true})
    void twoNode_countsEveryDecisionAndReturnsNoneInDryrun(boolean dryrun) {
        List<Decision> decisions = List.of(new SetNumaBalancing("numa-allocator", 0, "off"),
                new SetCpus("numa-allocator", "b", Machine.nodeCpus(0), "pin b"),
                new MigrateMemory("numa-allocator", "b", 0, "move b"), new MigrateMemory("numa-allocator", "a", 1, "move a"));
        RecordingLogger log = new RecordingLogger();
        InMemoryMetrics im = new InMemoryMetrics();
        List<Decision> out = new DecisionOutput(dryrun, log, StepInputs.metrics(im)).deliver(decisions);

        assertThat(out).isEqualTo(dryrun ? List.of() : decisions);
        assertThat(im.of("numa_allocator_decisions_total"))
                .containsExactlyInAnyOrderEntriesOf(Map.of("set-numa-balancing", 1.0, "set-cpus", 1.0,
                        "migrate-memory", 2.0));
        assertThat(log.at("info")).containsExactlyElementsOf(dryrun ? List.of(
                "dryrun: would set-numa-balancing for the machine: off", "dryrun: would set-cpus for b: pin b",
                "dryrun: would migrate-memory for b: move b", "dryrun: would migrate-memory for a: move a") : List.of());
    }
}
