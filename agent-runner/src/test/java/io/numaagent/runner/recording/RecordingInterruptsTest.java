package io.numaagent.runner.recording;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.CpuSet;
import io.numaagent.api.decision.Outcome;
import io.numaagent.api.decision.SetIrqAffinity;
import io.numaagent.api.snapshot.Interrupt;
import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.runner.host.Fixtures;
import io.numaagent.runner.host.Host;
import io.numaagent.runner.host.HostPaths;
import io.numaagent.runner.tasks.SnapshotCollector;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Interrupts in the recording format: the twoSocketFourNode interrupts fixture collected, written and read back
 * exactly; {@code effectiveAffinity} left out when not known, {@code movable} when true, {@code interrupts} when
 * none were read (so recordings without them read as before); a {@code set-irq-affinity} outcome round-trips.
 */
class RecordingInterruptsTest {

    private static final Path IRQ_FIXTURE = Path.of("src/test/resources/irq/twoSocketFourNode");

    private static Snapshot collect(List<Outcome> outcomes) {
        Host base = Fixtures.host("twoSocketFourNode");
        HostPaths paths = new HostPaths(base.paths().sysfs(), IRQ_FIXTURE.resolve("proc"), base.paths().cgroupfs());
        return new SnapshotCollector(Fixtures.host(paths), List.of(),
                Clock.fixed(Instant.parse("2026-12-02T12:00:00Z"), ZoneOffset.UTC)).collect(42, outcomes);
    }

    @Test
    void twoSocketFourNodeInterruptsRoundTripExactly() {
        SetIrqAffinity d = new SetIrqAffinity("topology-aware", 25, CpuSet.parse("0-3,8"), "claimed by p/c0 0-3,8");
        Snapshot s = collect(List.of(new Outcome(41, d, Outcome.Status.FAILED, "cannot write: Input/output error (EIO)",
                "EIO", 0, 0, 1000, 0)));

        String line = RecordingWriter.toLine(s);

        assertThat(s.kernel().interrupts()).hasSize(12);
        assertThat(line).contains("\"interrupts\":[{\"number\":0,\"description\":\"IO-APIC 2-edge timer\","
                + "\"affinity\":\"0\",\"effectiveAffinity\":\"0\"},");
        assertThat(line).contains("{\"number\":27,\"description\":\"IR-PCI-MSIX-0000:18:00.0 0-edge eth0-TxRx-0\","
                + "\"affinity\":\"0-31\"},");
        assertThat(line).contains("\"decision\":{\"plugin\":\"topology-aware\",\"action\":\"set-irq-affinity\","
                + "\"irq\":25,\"cpus\":\"0-3,8\",\"reason\":\"claimed by p/c0 0-3,8\"}");
        assertThat(RecordingReader.snapshot(line)).isEqualTo(s);
    }

    @Test
    void anUnmovableInterruptIsWrittenSo() {
        Snapshot s = collect(List.of());
        List<Interrupt> irqs = s.kernel().interrupts().stream().map(i -> i.number() == 24 ? i.unmovable() : i).toList();
        Snapshot withRefused = new Snapshot(s.sequence(), s.time(), s.platform(), s.kernel().withInterrupts(irqs),
                s.tasks(), s.outcomes(), s.warnings());

        String line = RecordingWriter.toLine(withRefused);

        assertThat(line).contains("{\"number\":24,\"description\":\"IR-PCI-MSIX-0000:5e:00.0 0-edge nvme0q0\","
                + "\"affinity\":\"0-31\",\"effectiveAffinity\":\"7\",\"movable\":false}");
        assertThat(RecordingReader.snapshot(line)).isEqualTo(withRefused);
    }

    @Test
    void snapshotsWithoutInterruptsAreWrittenAsBeforeAndReadBack() {
        Snapshot none = new SnapshotCollector(Fixtures.host("twoSocketFourNode"), List.of(),
                Clock.fixed(Instant.parse("2026-12-02T12:00:00Z"), ZoneOffset.UTC)).collect(1, List.of());
        String line = RecordingWriter.toLine(none);

        assertThat(line).doesNotContain("interrupts");
        assertThat(RecordingReader.snapshot(line).kernel().interrupts()).isEmpty();
    }
}
