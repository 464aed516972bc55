package io.numaagent.runner.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.CpuSet;
import io.numaagent.api.decision.Outcome;
import io.numaagent.api.decision.SetIrqAffinity;
import io.numaagent.api.snapshot.Interrupt;
import io.numaagent.api.snapshot.Measurement;
import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.runner.host.Fixtures;
import io.numaagent.runner.host.Host;
import io.numaagent.runner.host.HostPaths;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The collector reads the interrupts (twoSocketFourNode's interrupts fixture) only when a plugin declared
 * {@link Measurement#INTERRUPTS}, and shows an interrupt whose {@code set-irq-affinity} failed with {@code EIO} as
 * not movable in the next snapshots (another errno leaves it movable).
 */
class SnapshotCollectorInterruptsTest {

    private static SnapshotCollector collector() {
        Host base = Fixtures.host("twoSocketFourNode");
        HostPaths paths = new HostPaths(base.paths().sysfs(), Path.of("src/test/resources/irq/twoSocketFourNode/proc"),
                base.paths().cgroupfs());
        return new SnapshotCollector(Fixtures.host(paths), List.of(),
                Clock.fixed(Instant.parse("2026-12-02T12:00:00Z"), ZoneOffset.UTC));
    }

    @Test
    void twoSocketFourNodeInterruptsOnlyWhenDeclared() {
        assertThat(collector().measuring(Set.of(Measurement.CPU_WEIGHT)).collect(1, List.of()).kernel().interrupts())
                .isEmpty();
        assertThat(collector().measuring(Set.of(Measurement.INTERRUPTS)).collect(1, List.of()).kernel().interrupts())
                .extracting(Interrupt::number).containsExactly(0, 1, 4, 8, 9, 16, 24, 25, 26, 27, 28, 29);
    }

    @Test
    void twoSocketFourNodeEioMakesTheInterruptUnmovable() {
        SnapshotCollector c = collector().measuring(Set.of(Measurement.INTERRUPTS));
        Snapshot first = c.collect(1, List.of());
        Outcome refused = new Outcome(1, new SetIrqAffinity("topology-aware", 0, CpuSet.parse("1-31"), "r"),
                Outcome.Status.FAILED, "cannot write", "EIO", 0, 0, 0, 0);
        Outcome noVector = new Outcome(1, new SetIrqAffinity("topology-aware", 24, CpuSet.parse("1-31"), "r"),
                Outcome.Status.FAILED, "cannot write", "ENOSPC", 0, 0, 0, 0);

        Snapshot second = c.collect(2, List.of(refused, noVector));
        Snapshot third = c.collect(3, List.of());

        assertThat(first.kernel().interrupts()).allMatch(Interrupt::movable);
        for (Snapshot s : List.of(second, third)) {
            assertThat(s.kernel().interrupts()).filteredOn(i -> !i.movable()).extracting(Interrupt::number)
                    .containsExactly(0);
        }
    }
}
