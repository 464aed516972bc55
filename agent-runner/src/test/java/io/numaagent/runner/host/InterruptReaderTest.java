package io.numaagent.runner.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.CpuSet;
import io.numaagent.api.decision.Outcome;
import io.numaagent.api.decision.SetIrqAffinity;
import io.numaagent.api.snapshot.Interrupt;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link InterruptReader} on the twoSocketFourNode interrupts fixture ({@code src/test/resources/irq}): 32 CPU
 * columns as the kernel prints them, IO-APIC, MSI-X and DMAR interrupts, a shared one with two actions, per-CPU
 * counter lines, an interrupt without {@code effective_affinity_list} and one whose directory is gone.
 */
class InterruptReaderTest {

    static final Path TWO_SOCKET_FOUR_NODE = Path.of("src/test/resources/irq/twoSocketFourNode");

    @TempDir
    Path tmp;

    static HostPaths paths(Path root) {
        return new HostPaths(root.resolve("sys"), root.resolve("proc"), root.resolve("cgroup"));
    }

    @Test
    void twoSocketFourNode() {
        ReadProblems problems = new ReadProblems();
        List<Interrupt> irqs = new InterruptReader(paths(TWO_SOCKET_FOUR_NODE)).read(problems);

        assertThat(problems.warnings()).isEmpty();
        assertThat(irqs).containsExactly(
                new Interrupt(0, "IO-APIC 2-edge timer", CpuSet.parse("0"), CpuSet.parse("0"), true),
                new Interrupt(1, "IO-APIC 1-edge i8042", CpuSet.parse("0-31"), CpuSet.parse("3"), true),
                new Interrupt(4, "IO-APIC 4-edge ttyS0", CpuSet.parse("0-31"), CpuSet.parse("5"), true),
                new Interrupt(8, "IO-APIC 8-edge rtc0", CpuSet.parse("0-31"), CpuSet.parse("0"), true),
                new Interrupt(9, "IO-APIC 9-fasteoi acpi", CpuSet.parse("0-31"), CpuSet.parse("1"), true),
                new Interrupt(16, "IO-APIC 16-fasteoi ehci_hcd:usb1, i801_smbus", CpuSet.parse("0-31"),
                        CpuSet.parse("2"), true),
                new Interrupt(24, "IR-PCI-MSIX-0000:5e:00.0 0-edge nvme0q0", CpuSet.parse("0-31"), CpuSet.parse("7"),
                        true),
                new Interrupt(25, "IR-PCI-MSIX-0000:5e:00.0 1-edge nvme0q1", CpuSet.parse("0-7"), CpuSet.parse("4"),
                        true),
                new Interrupt(26, "IR-PCI-MSIX-0000:5e:00.0 2-edge nvme0q2", CpuSet.parse("8-15"), CpuSet.parse("9"),
                        true),
                new Interrupt(27, "IR-PCI-MSIX-0000:18:00.0 0-edge eth0-TxRx-0", CpuSet.parse("0-31"), CpuSet.EMPTY,
                        true),
                new Interrupt(28, "IR-PCI-MSIX-0000:18:00.0 1-edge eth0-TxRx-1", CpuSet.parse("16-23"),
                        CpuSet.parse("17"), true),
                new Interrupt(29, "DMAR-MSI 0-edge dmar0", CpuSet.parse("0"), CpuSet.parse("0"), true));
    }

    static Stream<Arguments> lines() {
        return Stream.of(
                Arguments.of("ioApic", "  4:          0         10  IO-APIC   4-edge      ttyS0", 4,
                        "IO-APIC 4-edge ttyS0"),
                Arguments.of("msix", " 28:          0          0 PCI-MSIX-0000:00:01.0   0-edge      virtio0-config",
                        28, "PCI-MSIX-0000:00:01.0 0-edge virtio0-config"),
                Arguments.of("gicNumericHwirq", " 11:     123456     654321     GICv3  27 Level     arch_timer", 11,
                        "GICv3 27 Level arch_timer"),
                Arguments.of("noAction", " 12:          0          0   IO-APIC  12-edge", 12, "IO-APIC 12-edge"),
                Arguments.of("perCpuCounters", "NMI:          0          0   Non-maskable interrupts", -1, null),
                Arguments.of("singleCount", "ERR:          0", -1, null),
                Arguments.of("header", "           CPU0       CPU1", -1, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lines")
    void parsesLinesAsTheReferenceDoes(String name, String line, int number, String description) {
        InterruptReader.Numbered n = InterruptReader.parseLine(line);
        if (number < 0) {
            assertThat(n).isNull();
        } else {
            assertThat(n).isEqualTo(new InterruptReader.Numbered(number, description));
        }
    }

    @Test
    void anInterruptTheKernelRefusedShowsUnmovableUntilAnotherDeviceHasItsNumber() throws Exception {
        Path root = tmp.resolve("host");
        Path proc = root.resolve("proc");
        Files.createDirectories(proc.resolve("irq/24"));
        Files.writeString(proc.resolve("interrupts"), "           CPU0       CPU1\n"
                + " 24:          0          7  IR-PCI-MSIX-0000:5e:00.0    0-edge      nvme0q0\n");
        Files.writeString(proc.resolve("irq/24/smp_affinity_list"), "0-1\n");
        InterruptReader reader = new InterruptReader(paths(root));
        List<Interrupt> first = reader.read(new ReadProblems());
        assertThat(first).extracting(Interrupt::movable).containsExactly(true);

        SetIrqAffinity d = new SetIrqAffinity("topology-aware", 24, CpuSet.of(0), "r");
        reader.learn(List.of(new Outcome(3, d, Outcome.Status.FAILED, "cannot write", "EPERM", 0, 0, 0, 0)), first);
        assertThat(reader.read(new ReadProblems())).extracting(Interrupt::movable).containsExactly(false);

        reader.learn(List.of(new Outcome(4, d, Outcome.Status.FAILED, "cannot write", "ENOSPC", 0, 0, 0, 0)), first);
        assertThat(reader.read(new ReadProblems())).extracting(Interrupt::movable).containsExactly(false);

        Files.writeString(proc.resolve("interrupts"), "           CPU0       CPU1\n"
                + " 24:          0          7  IR-PCI-MSIX-0000:18:00.0    0-edge      eth0-TxRx-0\n");
        assertThat(reader.read(new ReadProblems())).extracting(Interrupt::movable).containsExactly(true);
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource({"EPERM, true", "EIO, true", "EROFS, true", "ENOSPC, false",
            "EINVAL, false", "EACCES, false", "ENOENT, false"})
    void theKernelsRefusalsAsTheReferenceTakesThem(String errno, boolean unmovable) {
        assertThat(InterruptReader.isUnmovable(errno)).isEqualTo(unmovable);
    }

    @Test
    void withoutInterruptsFileNothingAndNoWarning() {
        ReadProblems problems = new ReadProblems();
        assertThat(new InterruptReader(paths(tmp)).read(problems)).isEmpty();
        assertThat(problems.warnings()).isEmpty();
    }

    @Test
    void aGarbledAffinityIsReportedAndTheInterruptLeftOut() throws Exception {
        Path proc = tmp.resolve("proc");
        Files.createDirectories(proc.resolve("irq/4"));
        Files.writeString(proc.resolve("interrupts"), "  4:          0  IO-APIC   4-edge      ttyS0\n");
        Files.writeString(proc.resolve("irq/4/smp_affinity_list"), "zero\n");
        ReadProblems problems = new ReadProblems();

        assertThat(new InterruptReader(paths(tmp)).read(problems)).isEmpty();
        assertThat(problems.warnings()).singleElement().satisfies(w ->
                assertThat(w.toString()).contains("irq/4/smp_affinity_list").contains("not a CPU list"));
    }
}
