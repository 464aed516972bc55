package io.numaagent.plugins.numaallocator;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.NodeSet;
import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.MigrateMemory;
import io.numaagent.api.decision.Outcome;
import io.numaagent.api.decision.SetCpus;
import io.numaagent.api.decision.SetMems;
import io.numaagent.api.decision.SetNumaBalancing;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class OutcomeFeedbackTest {

    private static final String PLUGIN = "numa-allocator";

    /** An outcome of cycle 1, read in cycle 2, and whether task a's pin or re-migration is then held back. */
    record Row(String name, Outcome outcome, boolean heldOff, boolean pinBlocked, boolean migrationBlocked) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Outcome outcome(Decision d, Outcome.Status status, String errno) {
        return new Outcome(1, d, status, "", errno, 0, 0, 0, 0);
    }

    static Stream<Row> outcomes() {
        Decision pin = new SetCpus(PLUGIN, "a", Machine.nodeCpus(1), "pin");
        Decision move = new MigrateMemory(PLUGIN, "a", 1, "move");
        return Stream.of(
                new Row("twoNode: failed migration backs off re-migration", outcome(move, Outcome.Status.FAILED, "ESRCH"),
                        false, false, true),
                new Row("twoNode: EPERM blocks re-migration", outcome(move, Outcome.Status.FAILED, "EPERM"),
                        false, false, true),
                new Row("twoNode: partial move backs off", new Outcome(1, move, Outcome.Status.APPLIED, "", null, 10, 2, 0, 0),
                        false, false, true),
                new Row("twoNode: applied migration clears nothing to block", outcome(move, Outcome.Status.APPLIED, null),
                        false, false, false),
                new Row("twoNode: rejected pin backs off the pin", outcome(pin, Outcome.Status.REJECTED, null),
                        false, true, false),
                new Row("twoNode: failed pin backs off the pin", outcome(pin, Outcome.Status.FAILED, "EACCES"),
                        false, true, false),
                new Row("twoNode: set-cpus of an un-pinned task is no pin", outcome(pin, Outcome.Status.REJECTED, null),
                        true, false, false),
                new Row("twoNode: dry-run outcomes say nothing", outcome(move, Outcome.Status.DRY_RUN, null),
                        false, false, false),
                new Row("twoNode: another plugin's outcome is ignored",
                        outcome(new MigrateMemory("tier-mover", "a", 1, "x"), Outcome.Status.FAILED, "EPERM"),
                        false, false, false),
                new Row("twoNode: set-mems outcomes are ignored",
                        outcome(new SetMems(PLUGIN, "a", NodeSet.of(1), "bind"), Outcome.Status.REJECTED, null),
                        false, false, false),
                new Row("twoNode: machine-wide outcomes are ignored",
                        outcome(new SetNumaBalancing(PLUGIN, 0, "off"), Outcome.Status.FAILED, "EPERM"),
                        false, false, false));
    }

    /**
     * Task a's migrate-memory rejected in cycle 1 after the outcome of another (b's) move of the same cycle:
     * whether a's move is then backed off. The executor rejects moves once an earlier one used the cycle's time.
     */
    record Turn(String name, List<Outcome> outcomes, boolean migrationBlocked) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Turn> turns() {
        Decision moveA = new MigrateMemory(PLUGIN, "a", 1, "move");
        Decision moveB = new MigrateMemory(PLUGIN, "b", 0, "move");
        Outcome rejectedA = outcome(moveA, Outcome.Status.REJECTED, null);
        return Stream.of(
                new Turn("twoNode: rejected after our applied move waits for its turn",
                        List.of(new Outcome(1, moveB, Outcome.Status.APPLIED, "", null, 500, 0, 0, 0), rejectedA), false),
                new Turn("twoNode: rejected after our failed move waits for its turn",
                        List.of(outcome(moveB, Outcome.Status.FAILED, "ESRCH"), rejectedA), false),
                new Turn("twoNode: rejected with no move of ours before it backs off", List.of(rejectedA), true),
                new Turn("twoNode: rejected after our rejected move backs off",
                        List.of(outcome(moveB, Outcome.Status.REJECTED, null), rejectedA), true),
                new Turn("twoNode: rejected after a move of another plugin backs off",
                        List.of(new Outcome(1, new MigrateMemory("tier-mover", "b", 0, "x"), Outcome.Status.APPLIED, "",
                                null, 500, 0, 0, 0), rejectedA), true),
                new Turn("twoNode: rejected before our applied move backs off",
                        List.of(rejectedA, outcome(moveB, Outcome.Status.APPLIED, null)), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("turns")
    void aMoveRejectedAfterOneOfOursWaitsForItsTurn(Turn turn) {
        RetryTracker migrations = new RetryTracker();
        Machine m = Machine.twoNode().task("a", Map.of(0, 0.05, 1, 0.2)).task("b", Map.of(0, 0.1, 1, 0.1))
                .outcomes(turn.outcomes);
        new OutcomeFeedback(PLUGIN, migrations, new RetryTracker(), new RebalanceHoldOff()).read(m.snapshot(2));
        assertThat(migrations.blocked("a", 2, m.taskSpec("a").pids) != null).as("a's move blocked")
                .isEqualTo(turn.migrationBlocked);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outcomes")
    void outcomeFeedsTheRightBackOff(Row row) {
        RetryTracker migrations = new RetryTracker();
        RetryTracker pins = new RetryTracker();
        RebalanceHoldOff holdOff = new RebalanceHoldOff();
        if (row.heldOff) {
            holdOff.hold("a", Instant.MAX);
        }
        Machine m = Machine.twoNode().task("a", Map.of(0, 0.05, 1, 0.2)).outcomes(List.of(row.outcome));
        new OutcomeFeedback(PLUGIN, migrations, pins, holdOff).read(m.snapshot(2));

        List<Integer> pids = m.taskSpec("a").pids;
        assertThat(pins.blocked("a", 2, pids) != null).as("pin blocked").isEqualTo(row.pinBlocked);
        assertThat(migrations.blocked("a", 2, pids) != null).as("re-migration blocked").isEqualTo(row.migrationBlocked);
    }
}
