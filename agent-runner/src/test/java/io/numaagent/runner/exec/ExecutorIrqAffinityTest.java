package io.numaagent.runner.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.CpuSet;
import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.Outcome;
import io.numaagent.api.decision.SetIrqAffinity;
import io.numaagent.api.snapshot.Interrupt;
import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.runner.host.CgroupLayout;
import io.numaagent.runner.recording.LinePrinter;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code set-irq-affinity} on the executor tests' twoSocketCxlMemorylessNode machine (CPUs 0-6 online, 7
 * offline), with a procfs of four interrupts: one write of the CPU list to {@code /proc/irq/N/smp_affinity_list},
 * nothing else; already so is unchanged; an interrupt not in the snapshot, known unmovable, or given an offline
 * CPU is rejected; a failed write (the kernel's EIO for a managed interrupt) costs that interrupt only; two
 * plugins may set different interrupts in one cycle, not the same one; dry-run prints.
 */
class ExecutorIrqAffinityTest {

    @TempDir
    Path tmp;

    private final FakeSleeper clock = new FakeSleeper();
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    private static final List<Interrupt> IRQS = List.of(
            new Interrupt(4, "IO-APIC 4-edge ttyS0", CpuSet.parse("0-6"), CpuSet.of(1), true),
            new Interrupt(8, "IO-APIC 8-edge rtc0", CpuSet.parse("0-6"), CpuSet.of(0), true),
            new Interrupt(24, "PCI-MSIX-0000:00:04.0 0-edge nvme0q0", CpuSet.parse("0-6"), CpuSet.of(2), false),
            new Interrupt(25, "PCI-MSIX-0000:00:04.0 1-edge nvme0q1", CpuSet.parse("0-3"), CpuSet.of(3), true));

    private ExecTestHost host() {
        ExecTestHost f = ExecTestHost.cgroupV2(tmp);
        for (Interrupt i : IRQS) {
            ExecTestHost.write(f.procfs.resolve("irq/" + i.number() + "/smp_affinity_list"), i.affinity() + "\n");
        }
        return f;
    }

    private Executor executor(ExecTestHost f, boolean apply, Map<Decision.Resource, String> owners) {
        return new Executor(ExecutorCgroupTest.settings(apply, owners), f.paths, CgroupLayout.detect(f.paths),
                new FileCgroupWriter(CgroupLayout.detect(f.paths)), new RecordingSyscalls(clock),
                new LinePrinter(new PrintWriter(printed, true, StandardCharsets.UTF_8)), clock);
    }

    private static Snapshot snapshot() {
        Snapshot s = ExecTestHost.machine(true).snapshot(7, ExecTestHost.TIME);
        return new Snapshot(s.sequence(), s.time(), s.platform(), s.kernel().withInterrupts(IRQS), s.tasks(),
                s.outcomes(), s.warnings());
    }

    private static SetIrqAffinity irq(String plugin, int n, String cpus) {
        return new SetIrqAffinity(plugin, n, CpuSet.parse(cpus), "r");
    }

    @Test
    void twoSocketCxlMemorylessNodeWritesTheListOfEachInterrupt() {
        ExecTestHost f = host();

        List<Outcome> out = executor(f, true, Map.of(Decision.Resource.IRQ_AFFINITY, "topology-aware"))
                .execute(snapshot(), List.of(irq("topology-aware", 4, "0-1,4-6"), irq("topology-aware", 8, "2-3")));

        assertThat(out).extracting(Outcome::status).containsOnly(Outcome.Status.APPLIED);
        assertThat(out).extracting(Outcome::detail).containsExactly(
                "wrote " + f.procfs.resolve("irq/4/smp_affinity_list") + "=0-1,4-6",
                "wrote " + f.procfs.resolve("irq/8/smp_affinity_list") + "=2-3");
        assertThat(ExecTestHost.read(f.procfs.resolve("irq/4/smp_affinity_list"))).isEqualTo("0-1,4-6\n");
        assertThat(ExecTestHost.read(f.procfs.resolve("irq/8/smp_affinity_list"))).isEqualTo("2-3\n");
        assertThat(ExecTestHost.read(f.procfs.resolve("irq/25/smp_affinity_list"))).isEqualTo("0-3\n");
    }

    @Test
    void twoSocketCxlMemorylessNodeRejectionsAndUnchanged() {
        ExecTestHost f = host();

        List<Outcome> out = executor(f, true, Map.of()).execute(snapshot(), List.of(
                irq("topology-aware", 9, "0"),
                irq("topology-aware", 24, "0"),
                irq("topology-aware", 4, "6-7"),
                irq("topology-aware", 25, "0-3"),
                irq("topology-aware", 8, "1"),
                irq("numa-allocator", 8, "2"),
                irq("numa-allocator", 4, "3")));

        assertThat(out).extracting(Outcome::status).containsExactly(Outcome.Status.REJECTED,
                Outcome.Status.REJECTED, Outcome.Status.REJECTED, Outcome.Status.UNCHANGED, Outcome.Status.APPLIED,
                Outcome.Status.REJECTED, Outcome.Status.APPLIED);
        assertThat(out).extracting(Outcome::detail).containsExactly(
                "irq 9 is not in the snapshot (not in /proc/interrupts, or interrupts not measured)",
                "irq 24 (PCI-MSIX-0000:00:04.0 0-edge nvme0q0) cannot be moved: the kernel refused it before (a "
                        + "managed or per-CPU interrupt)",
                "cpu 7 is offline",
                "smp_affinity_list of irq 25 already 0-3",
                "wrote " + f.procfs.resolve("irq/8/smp_affinity_list") + "=1",
                "irq-affinity of irq 8 already decided by topology-aware in this cycle",
                "wrote " + f.procfs.resolve("irq/4/smp_affinity_list") + "=3");
        assertThat(ExecTestHost.read(f.procfs.resolve("irq/24/smp_affinity_list"))).isEqualTo("0-6\n");
    }

    @Test
    void twoSocketCxlMemorylessNodeOwnerRejectsOtherPlugins() {
        ExecTestHost f = host();

        List<Outcome> out = executor(f, true, Map.of(Decision.Resource.IRQ_AFFINITY, "topology-aware"))
                .execute(snapshot(), List.of(irq("numa-allocator", 4, "0")));

        assertThat(out).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo(Outcome.Status.REJECTED);
            assertThat(o.detail()).isEqualTo("irq-affinity owned by topology-aware");
        });
    }

    @Test
    void twoSocketCxlMemorylessNodeAMissingDirectoryFailsThatInterruptOnly() {
        ExecTestHost f = host();
        f.procfs.resolve("irq/4/smp_affinity_list").toFile().delete(); // the device went away after the snapshot

        List<Outcome> out = executor(f, true, Map.of()).execute(snapshot(),
                List.of(irq("topology-aware", 4, "0"), irq("topology-aware", 8, "0")));

        assertThat(out).extracting(Outcome::status).containsExactly(Outcome.Status.FAILED, Outcome.Status.APPLIED);
        assertThat(out.get(0).errno()).isEqualTo("ENOENT");
        assertThat(out.get(0).detail()).isEqualTo("cannot write " + f.procfs.resolve("irq/4/smp_affinity_list")
                + ": No such file or directory (ENOENT)");
    }

    @Test
    void twoSocketCxlMemorylessNodeTheKernelsEioSaysUnmovable() {
        ExecTestHost f = host();
        List<String> writes = new ArrayList<>();
        IrqAffinityApplier applier = new IrqAffinityApplier(f.paths, (file, value) -> {
            writes.add(file + "=" + value);
            throw new HostWriteException(file, "EIO", "Input/output error");
        });
        Cycle c = new Cycle(snapshot(), Long.MAX_VALUE);

        Outcome o = applier.apply(c, irq("topology-aware", 25, "0"));

        assertThat(writes).containsExactly(f.procfs.resolve("irq/25/smp_affinity_list") + "=0");
        assertThat(o.status()).isEqualTo(Outcome.Status.FAILED);
        assertThat(o.errno()).isEqualTo("EIO");
        assertThat(o.detail()).isEqualTo("cannot write " + f.procfs.resolve("irq/25/smp_affinity_list")
                + ": Input/output error (EIO); the kernel does not let this interrupt be moved (managed or per-CPU)");
    }

    @Test
    void twoSocketCxlMemorylessNodeDryRunPrintsTheDecision() {
        ExecTestHost f = host();

        List<Outcome> out = executor(f, false, Map.of()).execute(snapshot(), List.of(irq("topology-aware", 4, "5-6")));

        assertThat(out).extracting(Outcome::status).containsExactly(Outcome.Status.DRY_RUN);
        assertThat(printed.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "{\"plugin\":\"topology-aware\",\"action\":\"set-irq-affinity\",\"irq\":4,\"cpus\":\"5-6\","
                        + "\"reason\":\"r\"}");
        assertThat(ExecTestHost.read(f.procfs.resolve("irq/4/smp_affinity_list"))).isEqualTo("0-6\n");
    }
}
