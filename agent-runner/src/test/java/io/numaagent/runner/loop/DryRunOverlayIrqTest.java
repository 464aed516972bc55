package io.numaagent.runner.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.CpuSet;
import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.Outcome;
import io.numaagent.api.decision.SetIrqAffinity;
import io.numaagent.api.snapshot.Interrupt;
import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.runner.host.Fixtures;
import io.numaagent.runner.host.HostPaths;
import io.numaagent.runner.host.HostTreeWriter;
import io.numaagent.runner.tasks.SnapshotCollector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dry-run overlay's interrupt plans over a written twoSocketFourNode tree with the interrupts fixture
 * ({@code src/test/resources/irq/twoSocketFourNode}): a printed {@code set-irq-affinity} shows as the interrupt's
 * affinity in the next snapshots, the others as measured; the plan ends when the measured affinity changes or
 * another device takes the number.
 */
class DryRunOverlayIrqTest {

    private static final Path FIXTURE = Path.of("src/test/resources/irq/twoSocketFourNode/proc");

    @TempDir
    Path dir;

    private HostPaths paths;
    private DryRunOverlay overlay;
    private long sequence;

    @BeforeEach
    void writeTree() throws IOException {
        paths = HostTreeWriter.of(Fixtures.twoSocketFourNode()).write(dir.resolve("host"));
        try (Stream<Path> files = Files.walk(FIXTURE)) {
            files.filter(Files::isRegularFile).forEach(f -> copy(f, paths.procfs().resolve(FIXTURE.relativize(f))));
        }
        SnapshotCollector collector = new SnapshotCollector(Fixtures.host(paths), List.of(),
                Clock.fixed(Instant.parse("2026-12-02T12:00:00Z"), ZoneOffset.UTC));
        overlay = new DryRunOverlay((seq, prev) -> Optional.of(collector.collect(seq, prev)));
    }

    private static void copy(Path from, Path to) {
        try {
            Files.createDirectories(to.getParent());
            Files.copy(from, to);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Snapshot next(List<Outcome> previous) {
        return overlay.next(++sequence, previous).orElseThrow();
    }

    private static List<Outcome> printed(Snapshot on, Decision... decisions) {
        return Stream.of(decisions).map(d -> Outcome.of(on.sequence(), d, Outcome.Status.DRY_RUN, "")).toList();
    }

    private static Map<Integer, String> affinities(Snapshot s) {
        Map<Integer, String> out = new TreeMap<>();
        for (Interrupt i : s.kernel().interrupts()) {
            out.put(i.number(), i.affinity().toString());
        }
        return out;
    }

    private static final Map<Integer, String> MEASURED = Map.ofEntries(Map.entry(0, "0"), Map.entry(1, "0-31"),
            Map.entry(4, "0-31"), Map.entry(8, "0-31"), Map.entry(9, "0-31"), Map.entry(16, "0-31"),
            Map.entry(24, "0-31"), Map.entry(25, "0-7"), Map.entry(26, "8-15"), Map.entry(27, "0-31"),
            Map.entry(28, "16-23"), Map.entry(29, "0"));

    @Test
    void twoSocketFourNodePrintedAffinityShowsUntilMeasuredOtherwise() throws IOException {
        Snapshot first = next(List.of());
        assertThat(affinities(first)).isEqualTo(MEASURED);

        Snapshot second = next(printed(first, new SetIrqAffinity("topology-aware", 4, CpuSet.parse("0-3"), "r"),
                new SetIrqAffinity("topology-aware", 8, CpuSet.parse("4-31"), "r")));
        Snapshot third = next(List.of());

        Map<Integer, String> planned = new TreeMap<>(MEASURED);
        planned.put(4, "0-3");
        planned.put(8, "4-31");
        assertThat(affinities(second)).isEqualTo(planned);
        assertThat(affinities(third)).isEqualTo(planned);

        Files.writeString(paths.proc("irq/4/smp_affinity_list"), "8-15\n"); // someone else (or applied)
        Files.writeString(paths.proc("interrupts"), Files.readString(paths.proc("interrupts"))
                .replace("rtc0", "rtc1")); // another device has number 8

        Snapshot fourth = next(List.of());

        Map<Integer, String> measured = new TreeMap<>(MEASURED);
        measured.put(4, "8-15");
        assertThat(affinities(fourth)).isEqualTo(measured);
    }

    @Test
    void twoSocketFourNodeAppliedOrFailedDecisionsAreNoPlan() {
        Snapshot first = next(List.of());
        SetIrqAffinity d = new SetIrqAffinity("topology-aware", 4, CpuSet.parse("0-3"), "r");

        Snapshot second = next(List.of(Outcome.of(first.sequence(), d, Outcome.Status.FAILED, "EIO")));

        assertThat(affinities(second)).isEqualTo(MEASURED);
    }
}
