package io.numaagent.plugins.topologyaware;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.SetSchedulingClass;
import io.numaagent.api.plugin.Plugin;
import io.numaagent.api.snapshot.Measurement;
import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.api.snapshot.Task;
import io.numaagent.api.snapshot.ThreadScheduling;
import io.numaagent.api.snapshot.TaskMeasurements;
import io.numaagent.api.testing.DeclaredMeasurements;
import io.numaagent.api.testing.TestMachine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * topology-aware's {@link Plugin#measurements()} against what it reads, on twoSocketFourNodeSixteenCpus
 * with three containers whose cgroups show every measurement: it decides the same when the snapshots
 * hold only the cpusets, CPU weights and interrupts (IrqAffinityTest shows what it does with those), and both are read (a cpuset changed behind its back is written
 * again; a weight it cannot see is never set).
 */
class DeclaredMeasurementsTest {

    @TempDir
    Path state;

    private Supplier<Plugin> fresh() {
        return () -> new Harness(TestMachine.twoSocketFourNodeSixteenCpus(), state.resolve("s" + System.nanoTime()),
                Map.of()).plugin;
    }

    /**
     * Four cycles as the runner would show them: the decisions applied, every task with memory and CPU
     * figures, and before the third cycle someone else writes container b's cpuset.
     */
    private List<Snapshot> cycles() {
        Harness h = new Harness(TestMachine.twoSocketFourNodeSixteenCpus(), state.resolve("cycles"), Map.of())
                .guaranteed("/pods/a", 2000).guaranteed("/pods/b", 1000).bestEffort("/pods/c");
        List<Snapshot> out = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            if (i == 2) {
                h.cpus.put("/pods/b", "15");
            }
            out.add(measured(h.snapshot()));
            h.step();
        }
        return out;
    }

    /** Every task with figures for every kind (the harness shows only cpusets), weights at cgroup v2's default 100. */
    private static Snapshot measured(Snapshot s) {
        List<Task> tasks = new ArrayList<>();
        for (Task t : s.tasks()) {
            TaskMeasurements m = t.measurements();
            tasks.add(new Task(t.id(), t.name(), t.cgroupPath(), t.subCgroups(), t.pids(), t.labels(), t.annotations(),
                    t.requested(), t.qos(), new TaskMeasurements(Map.of(0, 3L << 20, 1, 1L << 20), 4L << 20, 8L << 20,
                    5L << 20, 42_000, m.cpus(), m.mems(), m.cpus(), m.mems(), false, 100), t.containers()));
        }
        return new Snapshot(s.sequence(), s.time(), s.platform(), s.kernel(), tasks, s.outcomes(), s.warnings());
    }

    @Test
    void declaresTheCpusetsCpuWeightsAndInterrupts() {
        assertThat(DeclaredMeasurements.declared(fresh())).containsExactlyInAnyOrder(Measurement.CPUSETS,
                Measurement.CPU_WEIGHT, Measurement.INTERRUPTS);
    }

    @Test
    void twoSocketFourNodeSixteenCpusDecidesTheSameOnTheDeclaredKindsAlone() {
        List<List<Decision>> everything = DeclaredMeasurements.decisions(fresh(), cycles(), Measurement.all());
        assertThat(everything.get(0)).isNotEmpty();
        assertThat(DeclaredMeasurements.decisions(fresh(), cycles(), DeclaredMeasurements.declared(fresh())))
                .isEqualTo(everything);
    }

    @Test
    void twoSocketFourNodeSixteenCpusReadsTheDeclaredCpusets() {
        List<List<Decision>> declared = DeclaredMeasurements.decisions(fresh(), cycles(),
                DeclaredMeasurements.declared(fresh()));
        assertThat(declared.get(2)).as("b's cpuset written again").isNotEmpty();
        assertThat(DeclaredMeasurements.decisions(fresh(), cycles(),
                DeclaredMeasurements.without(DeclaredMeasurements.declared(fresh()), Measurement.CPUSETS)))
                .isNotEqualTo(declared);
    }

    @Test
    void twoSocketFourNodeSixteenCpusReadsTheDeclaredCpuWeights() {
        List<List<Decision>> declared = DeclaredMeasurements.decisions(fresh(), cycles(),
                DeclaredMeasurements.declared(fresh()));
        assertThat(declared.get(0)).as("the weights of 100 set to the grants' shares")
                .anyMatch(d -> d instanceof io.numaagent.api.decision.SetCpuShares);
        assertThat(DeclaredMeasurements.decisions(fresh(), cycles(),
                DeclaredMeasurements.without(DeclaredMeasurements.declared(fresh()), Measurement.CPU_WEIGHT)))
                .isNotEqualTo(declared);
    }

    private static final Map<String, Object> CLASSES = Map.of("schedulingClasses", List.of(Map.of("name", "background",
            "policy", "batch", "nice", 5)), "podQoSSchedulingClasses", Map.of("BestEffort", "background"));

    private Supplier<Plugin> freshWithClasses() {
        return () -> new Harness(TestMachine.twoSocketFourNodeSixteenCpus(), state.resolve("s" + System.nanoTime()),
                CLASSES).plugin;
    }

    /** Three cycles with scheduling classes: best-effort /pods/c's two threads run as fresh processes do. */
    private List<Snapshot> cyclesWithThreads() {
        Harness h = new Harness(TestMachine.twoSocketFourNodeSixteenCpus(), state.resolve("threads"), CLASSES)
                .guaranteed("/pods/a", 2000).bestEffort("/pods/c");
        h.threads.put("/pods/c", List.of(new ThreadScheduling("/pods/c", "other", 0, 0, List.of(), 0, 0, 0, "none", 0,
                2)));
        List<Snapshot> out = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            out.add(h.snapshot());
            h.step();
        }
        return out;
    }

    @Test
    void withSchedulingClassesDeclaresTheThreadsScheduling() {
        assertThat(DeclaredMeasurements.declared(freshWithClasses())).containsExactlyInAnyOrder(Measurement.CPUSETS,
                Measurement.CPU_WEIGHT, Measurement.INTERRUPTS, Measurement.THREAD_SCHEDULING);
    }

    @Test
    void twoSocketFourNodeSixteenCpusReadsTheDeclaredThreadScheduling() {
        List<List<Decision>> declared = DeclaredMeasurements.decisions(freshWithClasses(), cyclesWithThreads(),
                DeclaredMeasurements.declared(freshWithClasses()));
        assertThat(declared).isEqualTo(DeclaredMeasurements.decisions(freshWithClasses(), cyclesWithThreads(),
                Measurement.all()));
        assertThat(declared.get(0)).as("/pods/c's threads set to its class").anyMatch(SetSchedulingClass.class::isInstance);
        assertThat(declared.get(1)).as("and then they run with it").noneMatch(SetSchedulingClass.class::isInstance);
        assertThat(DeclaredMeasurements.decisions(freshWithClasses(), cyclesWithThreads(), DeclaredMeasurements.without(
                DeclaredMeasurements.declared(freshWithClasses()), Measurement.THREAD_SCHEDULING)).get(0))
                .as("without the threads nothing is known to differ").noneMatch(SetSchedulingClass.class::isInstance);
    }

    /** The CPUs' frequency and idle settings are read only with cpuClasses (each cycle's file reads cost). */
    @Test
    void readsCpuPowerOnlyWithCpuClasses() {
        assertThat(new Harness(TestMachine.twoSocketFourNodeSixteenCpus(), state.resolve("none"), Map.of()).plugin
                .readsCpuPower()).isFalse();
        assertThat(new Harness(TestMachine.twoSocketFourNodeSixteenCpus(), state.resolve("classes"),
                CpuClassTest.CONFIG).plugin.readsCpuPower()).isTrue();
    }
}
