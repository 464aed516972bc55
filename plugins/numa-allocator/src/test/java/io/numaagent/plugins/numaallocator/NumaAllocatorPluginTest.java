package io.numaagent.plugins.numaallocator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.numaagent.api.CpuSet;
import io.numaagent.api.NodeSet;
import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.MigrateMemory;
import io.numaagent.api.decision.MigrateMemory.MigrationMode;
import io.numaagent.api.decision.Outcome;
import io.numaagent.api.decision.SetCpus;
import io.numaagent.api.decision.SetMems;
import io.numaagent.api.plugin.ConfigException;
import io.numaagent.api.snapshot.Resources;
import io.numaagent.api.testing.RecordingPluginContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class NumaAllocatorPluginTest {

    private static final long GB = Machine.GB;

    /** The run WCA's README-level metrics were observed on: a (24 GB) pinned to node 1, b unpinned. */
    private static Machine twoNodeObserved() {
        return Machine.twoNode()
                .task("a", Map.of(0, 0.05, 1, 0.2), Machine.nodeCpus(1))
                .task("b", Map.of(0, 0.3, 1, 0.05));
    }

    @Test
    void twoNode_defaultsReproduceWcaObservedDecisionsAndMetrics() {
        Harness h = Harness.of();
        List<Decision> decisions = h.decide(twoNodeObserved());

        assertThat(decisions).containsExactly(
                new SetCpus("numa-allocator", "b", CpuSet.parse("0-9"),
                        "fill_biggest_first: node 0 has the best balance 1.0000 for 33.6 GB"),
                new MigrateMemory("numa-allocator", "b", 0, NodeSet.EMPTY, MigrationMode.MOVE_PAGES,
                        "move memory to node 0 after pinning: 1171875 pages elsewhere"),
                new MigrateMemory("numa-allocator", "a", 1, NodeSet.EMPTY, MigrationMode.MOVE_PAGES,
                        "re-migrate: only 0.8000 of the memory is on node 1 (below 0.95), which has the most free "
                                + "memory; 1171875 pages elsewhere"));
        assertThat(h.metric("numa_allocator_balanced_tasks", "0")).isEqualTo(0.0);
        assertThat(h.metric("numa_allocator_balanced_tasks", "1")).isEqualTo(1.0);
        assertThat(h.metric("numa_allocator_balanced_memory_bytes", "0")).isEqualTo(0.0);
        assertThat(h.metric("numa_allocator_balanced_memory_bytes", "1")).isEqualTo(24e9);
        assertThat(h.metric("numa_allocator_tasks")).isEqualTo(2.0);
        assertThat(h.metric("numa_allocator_task_node", "a")).isEqualTo(1.0);
        assertThat(h.metric("numa_allocator_task_node", "b")).isEqualTo(-1.0);
        assertThat(h.metric("numa_allocator_task_pages_to_move", "a")).isEqualTo(1171875.0);
        assertThat(h.metric("numa_allocator_task_pages_to_move", "b")).isEqualTo(1171875.0);
        assertThat(h.metric("numa_allocator_pages_to_move")).isEqualTo(2343750.0);
        assertThat(h.metric("numa_allocator_decisions_total", "set-cpus")).isEqualTo(1.0);
        assertThat(h.metric("numa_allocator_decisions_total", "migrate-memory")).isEqualTo(2.0);
    }

    @Test
    void twoNode_pagesToMoveIsCurrentNotCumulative() {
        Harness h = Harness.of();
        Machine m = twoNodeObserved();
        h.decide(m);
        h.decide(m);
        // WCA's numa__task_pages_to_move doubled here (2343750 per task); ours is what is off-node now
        assertThat(h.metric("numa_allocator_task_pages_to_move", "a")).isEqualTo(1171875.0);
        assertThat(h.metric("numa_allocator_pages_to_move")).isEqualTo(2343750.0);
    }

    @Test
    void twoNode_minimizeMigrationReasonNamesTheSets() {
        Harness h = Harness.of("algorithm", "minimize_migrations");
        List<Decision> d = h.decide(Machine.twoNode().task("b", Map.of(0, 0.2, 1, 0.05)).task("a", Map.of(1, 0.3)));
        assertThat(d.get(0).reason()).isEqualTo(
                "minimize_migration: node 0 is among the most-used and least-filled nodes for 24.0 GB "
                        + "(0.8000 of its memory is there)");
    }

    @Test
    void twoNode_tiedTasksFirstListedWins() {
        Harness h = Harness.of();
        assertThat(h.brief(Machine.twoNode().task("y", Map.of(0, 0.1, 1, 0.1)).task("x", Map.of(0, 0.1, 1, 0.1))))
                .containsExactly("set-cpus y 0-9", "migrate-memory y 0 MOVE_PAGES");
    }

    @Test
    void twoNode_taskPinnedToSubsetOfNodeCountsAsUnpinned() {
        Harness h = Harness.of();
        Machine m = Machine.twoNode()
                .task("half", Map.of(0, 0.3), CpuSet.parse("0-4"))
                .task("b", Map.of(1, 0.1));
        assertThat(h.brief(m)).containsExactly("set-cpus half 0-9", "migrate-memory half 0 MOVE_PAGES");
        assertThat(h.metric("numa_allocator_task_node", "half")).isEqualTo(-1.0);
        assertThat(h.metric("numa_allocator_balanced_tasks", "0")).isEqualTo(0.0);
        assertThat(h.metric("numa_allocator_balanced_tasks", "1")).isEqualTo(1.0);
    }

    @Test
    void twoNode_emptyCpusFallsBackToEffectiveCpus() {
        Harness h = Harness.of();
        Machine m = Machine.twoNode()
                .add(Machine.twoNode().spec("a", Map.of(0, 0.05, 1, 0.3)).cpus(CpuSet.EMPTY)
                        .effectiveCpus(Machine.nodeCpus(1)))
                .task("b", Map.of(0, 0.1, 1, 0.01));
        h.decide(m);
        assertThat(h.metric("numa_allocator_task_node", "a")).isEqualTo(1.0);
        assertThat(h.metric("numa_allocator_balanced_memory_bytes", "1")).isEqualTo((double) (long) (0.35 * 96e9));
    }

    @Test
    void twoNode_ghostTaskIsSkipped() {
        Harness h = Harness.of();
        Machine m = Machine.twoNode()
                .add(Machine.twoNode().spec("ghost", Map.of(0, 0.0, 1, 0.0)).requested(Resources.NONE))
                .task("b", Map.of(0, 0.01, 1, 0.1));
        assertThat(h.brief(m)).containsExactly("set-cpus b 0-9", "migrate-memory b 0 MOVE_PAGES");
        assertThat(h.metric("numa_allocator_task_node", "ghost")).isEqualTo(-1.0);
    }

    /** Which figure sizes a task: request, limit, then measured limit, peak, usage if not above total memory. */
    static Stream<Arguments> memorySources() {
        long total = 2 * Machine.NODE_SIZE;
        return Stream.of(
                Arguments.of(new Resources(0, 0, 8 * GB, 16 * GB), -1L, -1L, -1L, 8 * GB),
                Arguments.of(new Resources(0, 0, 0, 16 * GB), 4 * GB, -1L, -1L, 16 * GB),
                Arguments.of(Resources.NONE, 4 * GB, 3 * GB, 2 * GB, 4 * GB),
                Arguments.of(Resources.NONE, -1L, 3 * GB, 2 * GB, 3 * GB),
                Arguments.of(Resources.NONE, total + 1, 3 * GB, 2 * GB, 3 * GB),
                Arguments.of(Resources.NONE, Long.MAX_VALUE, total + 1, 2 * GB, 2 * GB),
                Arguments.of(Resources.NONE, -1L, -1L, total, total),
                Arguments.of(Resources.NONE, -1L, -1L, -1L, 0L),
                Arguments.of(Resources.NONE, 0L, 3 * GB, 2 * GB, 0L));
    }

    @ParameterizedTest
    @MethodSource("memorySources")
    void twoNode_taskMemoryComesFromRequestThenMeasurements(Resources requested, long limit, long peak, long usage,
                                                            long expected) {
        Machine m = Machine.twoNode();
        m.add(m.spec("t", Map.of(0, 0.01)).requested(requested).measured(limit, peak, usage));
        assertThat(TaskView.memoryOf(m.snapshot(1).tasks().get(0), 2 * Machine.NODE_SIZE))
                .isEqualTo(expected);
    }

    @Test
    void twoNode_taskWithoutNodeMemoryIsSkippedAndWarnedOnce() {
        Harness h = Harness.of();
        Machine m = Machine.twoNode();
        m.add(m.spec("blind", Map.of(0, 0.3, 1, 0.3)).noNodeMemory()).task("b", Map.of(0, 0.01, 1, 0.1));
        assertThat(h.brief(m)).containsExactly("set-cpus b 0-9", "migrate-memory b 0 MOVE_PAGES");
        h.decide(m);
        assertThat(h.context.log().at("warn")).containsExactly(
                "task blind has no per-node memory figures (memory.numa_stat); it is not pinned or migrated until they "
                        + "are available");
    }

    @Test
    void twoNode_pinnedTaskWithoutNodeMemoryStillWeighsOnItsNode() {
        Harness h = Harness.of();
        Machine m = Machine.twoNode();
        m.add(m.spec("blind", Map.of(0, 0.3)).noNodeMemory()).task("b", Map.of(0, 0.1, 1, 0.01));
        assertThat(h.brief(m)).containsExactly("set-cpus b 10-19", "migrate-memory b 1 MOVE_PAGES");
        assertThat(h.metric("numa_allocator_task_pages_to_move", "blind")).isNull();
    }

    @Test
    void twoNode_freeSpaceCheckSkipsToTheNextTask() {
        Machine m = Machine.twoNode()
                .task("big", Map.of(0, 0.3, 1, 0.2))
                .task("small", Map.of(0, 0.05, 1, 0.05))
                .free(0, 10 * GB).free(1, 10 * GB);
        // fill_biggest_first picks node 0 for "big": 28.8 GB is not there yet and only 10 GB are free
        assertThat(Harness.of().brief(m)).containsExactly("set-cpus big 0-9", "migrate-memory big 0 MOVE_PAGES");
        assertThat(Harness.of("free_space_check", true).brief(m))
                .containsExactly("set-cpus small 0-9", "migrate-memory small 0 MOVE_PAGES");
    }

    @Test
    void twoNode_freeSpaceCheckIsStrict() {
        Machine m = Machine.twoNode().task("t", Map.of(0, 0.1, 1, 0.1));
        long missingOnNode0 = (long) (0.2 * 96e9) - (long) (0.1 * Machine.NODE_PAGES) * 4096;
        m.free(0, missingOnNode0).free(1, missingOnNode0);
        assertThat(Harness.of("free_space_check", true).brief(m)).isEmpty();
        m.free(0, missingOnNode0 + 1);
        assertThat(Harness.of("free_space_check", true).brief(m))
                .containsExactly("set-cpus t 0-9", "migrate-memory t 0 MOVE_PAGES");
    }

    @Test
    void twoNode_loopMinTaskBalanceGatesMinimizeMigrationOnly() {
        Machine m = Machine.twoNode().task("spread", Map.of(0, 0.1, 1, 0.1));
        assertThat(Harness.of("algorithm", "minimize_migration", "loop_min_task_balance", 0.6).brief(m)).isEmpty();
        assertThat(Harness.of("algorithm", "minimize_migration", "loop_min_task_balance", 0.5).brief(m))
                .containsExactly("set-cpus spread 0-9", "migrate-memory spread 0 MOVE_PAGES");
        assertThat(Harness.of("algorithm", "fill_biggest_first", "loop_min_task_balance", 0.6).brief(m))
                .containsExactly("set-cpus spread 0-9", "migrate-memory spread 0 MOVE_PAGES");
    }

    @Test
    void twoNode_migratePagesFalseOnlyPins() {
        assertThat(Harness.of("migrate_pages", false).brief(twoNodeObserved())).containsExactly("set-cpus b 0-9");
    }

    @Test
    void twoNode_remigrationOffWhenThresholdIsNull() {
        Map<String, Object> cfg = new java.util.HashMap<>();
        cfg.put("migrate_pages_min_task_balance", null);
        assertThat(new Harness(cfg).brief(twoNodeObserved()))
                .containsExactly("set-cpus b 0-9", "migrate-memory b 0 MOVE_PAGES");
    }

    @Test
    void twoNode_remigrationOnlyOnTheLeastUsedNode() {
        // a is pinned to node 1, but node 0 has more free memory now
        Machine m = twoNodeObserved().free(0, 80 * GB);
        assertThat(Harness.of().brief(m)).containsExactly("set-cpus b 0-9", "migrate-memory b 0 MOVE_PAGES");
    }

    @Test
    void twoNode_remigrationThresholdIsStrict() {
        Machine m = Machine.twoNode().task("a", Map.of(0, 0.01, 1, 0.19), Machine.nodeCpus(1)).free(0, 10 * GB);
        // share on node 1 is 0.95 exactly: not below 0.95
        assertThat(Harness.of().brief(m)).isEmpty();
        assertThat(Harness.of("migrate_pages_min_task_balance", 0.96).brief(m))
                .containsExactly("migrate-memory a 1 MOVE_PAGES");
    }

    @Test
    void twoNode_migrationModeMigratePages() {
        assertThat(Harness.of("migration", "migrate_pages").brief(Machine.twoNode().task("t", Map.of(0, 0.1, 1, 0.1))))
                .containsExactly("set-cpus t 0-9", "migrate-memory t 0 MIGRATE_PAGES");
    }

    @Test
    void twoNode_memoryBindingAndMigrateComeInOrder() {
        Harness h = Harness.of("cgroups_memory_binding", true, "cgroups_memory_migrate", true);
        assertThat(h.brief(Machine.twoNode().task("t", Map.of(0, 0.1, 1, 0.2))))
                .containsExactly("set-cpus t 0-9", "set-memory-migrate t true", "set-mems t 0",
                        "migrate-memory t 0 MOVE_PAGES");
        assertThat(Harness.of("cgroups_memory_binding", true, "migrate_pages", false)
                .brief(Machine.twoNode().task("t", Map.of(0, 0.1, 1, 0.2))))
                .containsExactly("set-cpus t 0-9", "set-mems t 0");
    }

    @Test
    void memoryMigrateWithoutBindingIsAConfigError() {
        assertThatThrownBy(() -> Harness.of("cgroups_memory_migrate", true))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cgroups_memory_binding")
                .extracting(e -> ((ConfigException) e).key()).isEqualTo("cgroups_memory_migrate");
    }

    @Test
    void twoNode_dryrunDecidesCountsAndLogsButReturnsNothing() {
        Harness h = Harness.of("dryrun", true);
        assertThat(h.decide(twoNodeObserved())).isEmpty();
        assertThat(h.metric("numa_allocator_decisions_total", "set-cpus")).isEqualTo(1.0);
        assertThat(h.metric("numa_allocator_decisions_total", "migrate-memory")).isEqualTo(2.0);
        assertThat(h.context.log().at("info")).contains(
                "dryrun: would set-cpus for b: fill_biggest_first: node 0 has the best balance 1.0000 for 33.6 GB");
    }

    @Test
    void fourNode_maxPinsPerCycleUpdatesBalanceBetweenPins() {
        Machine m = Machine.fourNode();
        for (String t : List.of("t1", "t2", "t3", "t4", "t5")) {
            m.task(t, Map.of(0, 0.05, 1, 0.05));
        }
        List<String> decisions = Harness.of("max_pins_per_cycle", 4, "migrate_pages", false).brief(m);
        assertThat(decisions).containsExactly("set-cpus t1 0-9", "set-cpus t2 10-19", "set-cpus t3 20-29",
                "set-cpus t4 30-39");
        assertThat(Harness.of("migrate_pages", false).brief(m)).containsExactly("set-cpus t1 0-9");
    }

    @Test
    void twoNode_maxPinsFreeSpaceCheckSeesMemoryOfEarlierPins() {
        // each task (9.6 GB, half on each node) must move 4.8 GB to its node; 8 GB free on each node:
        // one pin per node fits, a second one on the same node does not
        Machine m = Machine.twoNode().free(0, 8 * GB).free(1, 8 * GB);
        for (String t : List.of("t1", "t2", "t3")) {
            m.task(t, Map.of(0, 0.05, 1, 0.05));
        }
        assertThat(Harness.of("max_pins_per_cycle", 3, "free_space_check", true, "migrate_pages", false).brief(m))
                .containsExactly("set-cpus t1 0-9", "set-cpus t2 10-19");
    }

    @Test
    void twoSocketFourNode_maxPinsMinimizeMigrationSeesEarlierPins() {
        Machine m = Machine.twoSocketFourNode().task("a", Map.of(0, 0.2, 1, 0.05)).task("b", Map.of(2, 0.15, 3, 0.1));
        assertThat(Harness.of("max_pins_per_cycle", 2, "algorithm", "minimize_migration").brief(m))
                .containsExactly("set-cpus a 0-9", "migrate-memory a 0 MOVE_PAGES",
                        "set-cpus b 20-29", "migrate-memory b 2 MOVE_PAGES");
        assertThat(Harness.of("max_pins_per_cycle", 2).brief(m))
                .containsExactly("set-cpus a 0-9", "migrate-memory a 0 MOVE_PAGES",
                        "set-cpus b 10-19", "migrate-memory b 1 MOVE_PAGES");
    }

    @Test
    void cxlTwoMemoryOnlyNodes_neverPinsToCpuLessNodes() {
        Machine m = Machine.cxlTwoMemoryOnlyNodes();
        for (int i = 0; i < 6; i++) {
            m.task("t" + i, Map.of(2, 0.1, 3, 0.05));
        }
        for (String algorithm : List.of("fill_biggest_first", "minimize_migration")) {
            List<String> d = Harness.of("algorithm", algorithm, "max_pins_per_cycle", 6, "migrate_pages", false).brief(m);
            assertThat(d).as(algorithm).containsExactly("set-cpus t0 0-9", "set-cpus t1 10-19", "set-cpus t2 0-9",
                    "set-cpus t3 10-19", "set-cpus t4 0-9", "set-cpus t5 10-19");
        }
    }

    @Test
    void cxlTwoMemoryOnlyNodes_remigrationTargetIsTheFreestNodeWithCpus() {
        // the CPU-less nodes have the most free memory; WCA would pick one of them and never re-migrate
        Machine m = Machine.cxlTwoMemoryOnlyNodes().task("a", Map.of(0, 0.5, 2, 0.1), Machine.nodeCpus(0))
                .task("b", Map.of(1, 0.6, 3, 0.05), Machine.nodeCpus(1));
        Harness h = Harness.of();
        assertThat(h.brief(m)).containsExactly("migrate-memory a 0 MOVE_PAGES");
        assertThat(h.metric("numa_allocator_task_pages_to_move", "a")).isEqualTo(2343750.0);
        assertThat(h.metric("numa_allocator_balanced_tasks", "2")).isEqualTo(0.0);
    }

    @Test
    void cxlTwoMemoryOnlyNodes_unpinnedTasksWideCpusetAreAllCpuNodes() {
        Machine m = Machine.cxlTwoMemoryOnlyNodes().task("t", Map.of(0, 0.1, 2, 0.1));
        assertThat(m.snapshot(1).tasks().get(0).measurements().cpus()).isEqualTo(CpuSet.parse("0-19"));
        assertThat(Harness.of("migrate_pages", false).brief(m)).containsExactly("set-cpus t 0-9");
    }

    @Test
    void twoNode_swapRefusesMigrationButKeepsThePin() {
        Harness h = Harness.of();
        // both reasons' series exist from the plugin's start, at 0, so that rate() over them has a series
        assertThat(h.metric("numa_allocator_migrations_refused_total", "swap_enabled")).isEqualTo(0.0);
        assertThat(h.metric("numa_allocator_migrations_refused_total", "earlier_failure")).isEqualTo(0.0);
        Machine m = twoNodeObserved().swap(true);
        assertThat(h.brief(m)).containsExactly("set-cpus b 0-9");
        assertThat(h.metric("numa_allocator_migrations_refused_total", "swap_enabled")).isEqualTo(2.0);
        assertThat(h.metric("numa_allocator_migrations_refused_total", "earlier_failure")).isEqualTo(0.0);
        h.decide(m);
        assertThat(h.context.log().at("warn")).containsExactly("memory migration refused for [b, a]: swap is enabled "
                + "and migrate_with_swap is false (moving memory with swap on risks OOM kills); the pins are kept");
        assertThat(Harness.of("migrate_with_swap", true).brief(m))
                .containsExactly("set-cpus b 0-9", "migrate-memory b 0 MOVE_PAGES", "migrate-memory a 1 MOVE_PAGES");
    }

    /** config value, kernel value, expected decisions. */
    static Stream<Arguments> numaBalancingModes() {
        return Stream.of(
                Arguments.of("keep", 1, List.of()),
                Arguments.of("keep", 0, List.of()),
                Arguments.of("disable", 1, List.of("set-numa-balancing 0")),
                Arguments.of("disable", 3, List.of("set-numa-balancing 0")),
                Arguments.of("disable", 2, List.of("set-numa-balancing 0")),
                Arguments.of("disable", 0, List.of()),
                Arguments.of("disable", -1, List.of()),
                Arguments.of("enable", 0, List.of("set-numa-balancing 1")),
                Arguments.of("enable", 1, List.of()),
                Arguments.of("enable", -1, List.of()));
    }

    @ParameterizedTest
    @MethodSource("numaBalancingModes")
    void fourNode_numaBalancing(String mode, int kernel, List<String> expected) {
        Harness h = Harness.of("numa_balancing", mode);
        Machine m = Machine.fourNode().task("a", Map.of(0, 0.2)).numaBalancing(kernel);
        assertThat(h.brief(m)).isEqualTo(expected);
        assertThat(h.metric("numa_allocator_numa_balancing")).isEqualTo((double) kernel);
    }

    @Test
    void fourNode_warnsOncePerModeWhenBalancingIsOnWhileTasksAreBound() {
        Harness h = Harness.of();
        Machine m = Machine.fourNode().task("a", Map.of(0, 0.2)).numaBalancing(1);
        h.decide(m);
        h.decide(m);
        m.numaBalancing(3);
        h.decide(m);
        h.decide(m);
        assertThat(h.context.log().at("warn")).containsExactly(
                "kernel.numa_balancing is 1 while 1 task(s) are pinned to one node; the kernel documents that it should "
                        + "be disabled for bound workloads (numa_balancing: disable)",
                "kernel.numa_balancing is 3 while 1 task(s) are pinned to one node; the kernel documents that it should "
                        + "be disabled for bound workloads (numa_balancing: disable)");
        assertThat(Harness.of().context.log().at("warn")).isEmpty();
        Harness enabled = Harness.of("numa_balancing", "enable");
        enabled.decide(m);
        assertThat(enabled.context.log().at("warn")).as("asked for").isEmpty();
    }

    @Test
    void twoNode_failedRemigrationIsNotHammered() {
        Harness h = Harness.of();
        Machine m = Machine.twoNode().task("a", Map.of(0, 0.05, 1, 0.2), Machine.nodeCpus(1)).free(0, 10 * GB);
        assertThat(h.brief(m)).containsExactly("migrate-memory a 1 MOVE_PAGES");
        MigrateMemory issued = (MigrateMemory) h.decide(m).get(0);

        Outcome eperm = new Outcome(h.sequence(), issued, Outcome.Status.FAILED, "migrate_pages", "EPERM", 0, 0, 0, 0);
        m.outcomes(List.of(eperm));
        assertThat(h.brief(m)).isEmpty();
        m.outcomes(List.of());
        assertThat(h.brief(m)).isEmpty();
        assertThat(h.metric("numa_allocator_migrations_refused_total", "earlier_failure")).isEqualTo(2.0);
        // new processes: worth another try
        m.taskSpec("a").pids(2000);
        assertThat(h.brief(m)).containsExactly("migrate-memory a 1 MOVE_PAGES");
    }

    @Test
    void twoNode_vanishedProcessBacksOffExponentially() {
        Harness h = Harness.of();
        Machine m = Machine.twoNode().task("a", Map.of(0, 0.05, 1, 0.2), Machine.nodeCpus(1)).free(0, 10 * GB);
        StringBuilder timeline = new StringBuilder();
        for (int cycle = 1; cycle <= 8; cycle++) {
            List<Decision> d = h.decide(m);
            timeline.append(d.isEmpty() ? '.' : 'M');
            // every attempt fails with ESRCH
            m.outcomes(d.stream().map(x -> new Outcome(h.sequence(), x, Outcome.Status.FAILED, "", "ESRCH", 0, 0, 0, 0))
                    .toList());
        }
        // tries at 1, then skips 1, 2, 4 cycles after 1, 2, 3 failures in a row
        assertThat(timeline.toString()).isEqualTo("M.M..M..");
    }

    @Test
    void twoNode_appliedRemigrationIsReissuedWhileMemoryStillDrifts() {
        Harness h = Harness.of();
        Machine m = Machine.twoNode().task("a", Map.of(0, 0.05, 1, 0.2), Machine.nodeCpus(1)).free(0, 10 * GB);
        Decision d = h.decide(m).get(0);
        m.outcomes(List.of(new Outcome(h.sequence(), d, Outcome.Status.APPLIED, "", null, 1171875, 0, 0, 0)));
        assertThat(h.brief(m)).containsExactly("migrate-memory a 1 MOVE_PAGES");
        Decision d2 = h.decide(m).get(0);
        m.outcomes(List.of(new Outcome(h.sequence(), d2, Outcome.Status.APPLIED, "", null, 1000, 5, 0, 0)));
        assertThat(h.brief(m)).as("partial move backs off").isEmpty();
    }

    @Test
    void twoNode_rejectedPinIsRetriedLater() {
        Harness h = Harness.of("migrate_pages", false);
        Machine m = Machine.twoNode().task("big", Map.of(0, 0.3, 1, 0.1)).task("small", Map.of(0, 0.01, 1, 0.1));
        List<Decision> first = h.decide(m);
        assertThat(first).extracting(Harness::brief).containsExactly("set-cpus big 0-9");
        m.outcomes(List.of(Outcome.of(h.sequence(), first.get(0), Outcome.Status.REJECTED, "cpus owned by another plugin")));
        assertThat(h.brief(m)).containsExactly("set-cpus small 0-9");
        m.outcomes(List.of());
        assertThat(h.brief(m)).containsExactly("set-cpus big 0-9");
    }

    @Test
    void twoNode_outcomesOfOtherPluginsAreIgnored() {
        Harness h = Harness.of();
        Machine m = Machine.twoNode().task("a", Map.of(0, 0.05, 1, 0.2), Machine.nodeCpus(1)).free(0, 10 * GB);
        MigrateMemory foreign = new MigrateMemory("tier-mover", "a", 1, "x");
        m.outcomes(List.of(new Outcome(0, foreign, Outcome.Status.FAILED, "", "EPERM", 0, 0, 0, 0)));
        assertThat(h.brief(m)).containsExactly("migrate-memory a 1 MOVE_PAGES");
    }

    @Test
    void twoNode_rebalanceUnpinsTaskItsNodeCannotHold() {
        Machine m = Machine.twoNode()
                .task("a", Map.of(0, 0.1, 1, 0.3), Machine.nodeCpus(0))
                .free(0, 20 * GB);
        // 28.8 GB of a are on node 1 and only 20 GB are free on node 0
        Harness h = Harness.of("rebalance", true, "cgroups_memory_binding", true, "rebalance_hold_off", "10m");
        List<Decision> d = h.decide(m.time(Instant.parse("2026-01-01T00:00:00Z")));
        assertThat(d).extracting(Harness::brief).containsExactly("set-cpus a 0-19", "set-mems a 0-1");
        assertThat(d.get(0).reason()).isEqualTo("rebalance: node 0 cannot hold the task: 28.8 GB of its 38.4 GB are "
                + "elsewhere but only 20.0 GB are free there; widening to all nodes");

        Machine unpinned = Machine.twoNode().task("a", Map.of(0, 0.1, 1, 0.3)).free(0, 20 * GB);
        assertThat(h.brief(unpinned.time(Instant.parse("2026-01-01T00:09:59Z")))).isEmpty();
        assertThat(h.brief(unpinned.time(Instant.parse("2026-01-01T00:10:00Z"))))
                .containsExactly("set-cpus a 0-9", "set-mems a 0", "migrate-memory a 0 MOVE_PAGES");
        assertThat(Harness.of().brief(m)).as("rebalance is off by default").isEmpty();
    }

    @Test
    void twoNode_rebalanceKeepsTasksTheNodeCanHold() {
        Machine m = Machine.twoNode().task("a", Map.of(0, 0.1, 1, 0.3), Machine.nodeCpus(0)).free(0, 29 * GB)
                .free(1, 10 * GB);
        assertThat(Harness.of("rebalance", true).brief(m)).containsExactly("migrate-memory a 0 MOVE_PAGES");
    }

    @Test
    void twoNode_rebalancedTaskNoLongerWeighsOnItsNode() {
        Machine m = Machine.twoNode()
                .task("a", Map.of(0, 0.1, 1, 0.3), Machine.nodeCpus(0))
                .task("b", Map.of(0, 0.1, 1, 0.1))
                .free(0, 20 * GB).free(1, 80 * GB);
        assertThat(Harness.of("rebalance", true, "migrate_pages", false).brief(m))
                .containsExactly("set-cpus a 0-19", "set-cpus b 0-9");
        assertThat(Harness.of("migrate_pages", false).brief(m)).containsExactly("set-cpus b 10-19");
    }

    @Test
    void fourNode_seriesOfGoneTasksAreRemoved() {
        Harness h = Harness.of();
        Machine m = Machine.fourNode().task("a", Map.of(0, 0.2)).task("b", Map.of(1, 0.1, 2, 0.1));
        h.decide(m);
        assertThat(h.context.metrics().of("numa_allocator_task_node")).containsOnlyKeys("a", "b");
        m.remove("b");
        h.decide(m);
        assertThat(h.context.metrics().of("numa_allocator_task_node")).containsOnlyKeys("a");
        assertThat(h.context.metrics().of("numa_allocator_task_pages_to_move")).containsOnlyKeys("a");
    }

    @Test
    void twoNode_missingFiguresWarnAgainAfterTheyCameBack() {
        Harness h = Harness.of();
        Machine m = Machine.twoNode();
        m.add(m.spec("t", Map.of(0, 0.3)).noNodeMemory());
        h.decide(m);
        h.decide(m);
        m.remove("t").task("t", Map.of(0, 0.3));
        h.decide(m);
        m.remove("t").add(m.spec("t", Map.of(0, 0.3)).noNodeMemory());
        h.decide(m);
        assertThat(h.context.log().at("warn")).hasSize(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"fill_biggest_first", "minimize_migration"})
    void twoNode_instanceNameIsThePluginOfEveryDecision(String algorithm) {
        RecordingPluginContext ctx = new RecordingPluginContext("alloc-batch");
        NumaAllocatorPluginFactory f = new NumaAllocatorPluginFactory();
        var plugin = f.create(io.numaagent.api.plugin.PluginConfig.of(f.configKeys(), Map.of("algorithm", algorithm)), ctx);
        assertThat(plugin.decide(twoNodeObserved().snapshot(1))).extracting(Decision::plugin).containsOnly("alloc-batch");
    }

    @Test
    void twoNode_noTasksNoDecisions() {
        Harness h = Harness.of();
        assertThat(h.decide(Machine.twoNode())).isEmpty();
        assertThat(h.metric("numa_allocator_tasks")).isEqualTo(0.0);
        assertThat(h.metric("numa_allocator_pages_to_move")).isEqualTo(0.0);
    }

    @Test
    void cxlTwoMemoryOnlyNodes_rebalanceWidensMemsToEveryMemoryNode() {
        Machine m = Machine.cxlTwoMemoryOnlyNodes().task("a", Map.of(0, 0.1, 2, 0.3), Machine.nodeCpus(0))
                .free(0, 5 * GB);
        List<Decision> d = Harness.of("rebalance", true, "cgroups_memory_binding", true).decide(m);
        assertThat(d).extracting(Harness::brief).startsWith("set-cpus a 0-19", "set-mems a 0-3");
        assertThat(((SetMems) d.get(1)).mems()).isEqualTo(NodeSet.parse("0-3"));
    }
}
