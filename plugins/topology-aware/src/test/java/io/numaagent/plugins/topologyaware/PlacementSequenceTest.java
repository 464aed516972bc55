package io.numaagent.plugins.topologyaware;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.CpuSet;
import io.numaagent.api.snapshot.Cpu;
import io.numaagent.api.snapshot.NumaNode;
import io.numaagent.api.snapshot.QosClass;
import io.numaagent.api.testing.TestMachine;
import io.numaagent.plugins.topologyaware.alloc.ContainerPreferences;
import io.numaagent.plugins.topologyaware.alloc.CpuPriority;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sequences of containers added and removed on the reference's topologies, with every container's
 * cpuset / memory set after each step (one cycle per step), worked out from the reference's rules:
 * the default reservation is CPU 0; a request goes to the pool ranked first (tighter memory zone
 * first, then the one with most sliceable capacity for exclusive CPUs, fewest colocated containers
 * and most shared capacity for shared ones, lower id last); exclusive CPUs come off the shared set of
 * the pool and of every pool above and below it, and come back on removal, in the same cycle.
 */
class PlacementSequenceTest {

    @TempDir
    Path state;

    /** One step: what changes, then the expected placement of every container. */
    record Step(String what, Consumer<Harness> change, Map<String, String> expected) {
    }

    private static Step step(String what, Consumer<Harness> change, String... placement) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < placement.length; i += 2) {
            m.put(placement[i], placement[i + 1]);
        }
        return new Step(what, change, m);
    }

    static Stream<Arguments> sequences() {
        return Stream.of(
                Arguments.of("twoSocketFourNodeSixteenCpus (n4c16)", TestMachine.twoSocketFourNodeSixteenCpus(), List.of(
                        step("guaranteed 2 CPUs: the leaf with most sliceable CPUs (NUMA #1), one idle core",
                                h -> h.guaranteed("/g2", 2000), "/g2", "4-5 / 1"),
                        step("burstable 1/2 CPU: an empty leaf with most shared capacity (NUMA #2)",
                                h -> h.add("/bu", QosClass.BURSTABLE, 1000, 2000, 100, 200),
                                "/bu", "8-11 / 2", "/g2", "4-5 / 1"),
                        step("best-effort: the remaining empty leaf with most shared capacity (NUMA #3)",
                                h -> h.bestEffort("/be"), "/be", "12-15 / 3", "/bu", "8-11 / 2", "/g2", "4-5 / 1"),
                        step("guaranteed 1 CPU: sliced from NUMA #3, the thread whose core has fewest free CPUs; "
                                + "the best-effort's shared set shrinks in the same cycle",
                                h -> h.guaranteed("/g1", 1000),
                                "/be", "12-13,15 / 3", "/bu", "8-11 / 2", "/g1", "14 / 3", "/g2", "4-5 / 1"),
                        step("removing it gives CPU 14 back to the best-effort in the same cycle",
                                h -> h.remove("/g1"), "/be", "12-15 / 3", "/bu", "8-11 / 2", "/g2", "4-5 / 1"),
                        step("kube-system runs on the reserved CPU with every memory node",
                                h -> h.add("/ks", QosClass.BURSTABLE, 100, 0, 10, 0,
                                        Map.of("io.kubernetes.pod.namespace", "kube-system")),
                                "/be", "12-15 / 3", "/bu", "8-11 / 2", "/g2", "4-5 / 1", "/ks", "0 / 0-3"))),
                Arguments.of("twoSocketTwoDieTwoNodeSmt", TestMachine.twoSocketTwoDieTwoNodeSmt(), List.of(
                        step("guaranteed 4 CPUs: NUMA #0 lacks one (CPU 0 is reserved), NUMA #1 is the first that fits",
                                h -> h.guaranteed("/g4", 4000), "/g4", "4-7 / 1"),
                        step("guaranteed 2 CPUs: the next leaf with most sliceable capacity, lower id",
                                h -> h.guaranteed("/g2", 2000), "/g2", "8-9 / 2", "/g4", "4-7 / 1"),
                        step("burstable without CPU limit: the pool at the package level with most capacity",
                                h -> h.add("/bu", QosClass.BURSTABLE, 1500, 0, 100, 200),
                                "/bu", "16-31 / 4-7", "/g2", "8-9 / 2", "/g4", "4-7 / 1"),
                        step("best-effort: an empty leaf with most shared capacity, lowest id (NUMA #3)",
                                h -> h.bestEffort("/be"),
                                "/be", "12-15 / 3", "/bu", "16-31 / 4-7", "/g2", "8-9 / 2", "/g4", "4-7 / 1"),
                        step("guaranteed 6 CPUs: no NUMA node fits; of the dies that do, the lower id (die #1/0); "
                                + "the burstable in socket #1 shrinks",
                                h -> h.guaranteed("/g6", 6000), "/be", "12-15 / 3", "/bu", "22-31 / 4-7",
                                "/g2", "8-9 / 2", "/g4", "4-7 / 1", "/g6", "16-21 / 4-5"),
                        step("removing it: the burstable grows back",
                                h -> h.remove("/g6"),
                                "/be", "12-15 / 3", "/bu", "16-31 / 4-7", "/g2", "8-9 / 2", "/g4", "4-7 / 1"))),
                Arguments.of("twoSocketFourNodeSixteenCpus, isolcpus=4-5", TestMachine.twoSocketFourNodeSixteenCpus()
                        .isolated("4-5"), List.of(
                        step("guaranteed 1 CPU prefers isolated CPUs: NUMA #1 has them",
                                h -> h.guaranteed("/i1", 1000), "/i1", "4 / 1"),
                        step("the second one gets the other isolated CPU",
                                h -> h.guaranteed("/i2", 1000), "/i1", "4 / 1", "/i2", "5 / 1"),
                        step("the third finds none isolated and is sliced from the shared CPUs of NUMA #2",
                                h -> h.guaranteed("/i3", 1000), "/i1", "4 / 1", "/i2", "5 / 1", "/i3", "8 / 2"),
                        step("guaranteed 2 CPUs is not isolated unless annotated: NUMA #3",
                                h -> h.guaranteed("/g2", 2000),
                                "/g2", "12-13 / 3", "/i1", "4 / 1", "/i2", "5 / 1", "/i3", "8 / 2"),
                        step("a best-effort goes to the leaf without containers, NUMA #0",
                                h -> h.bestEffort("/be"),
                                "/be", "1-3 / 0", "/g2", "12-13 / 3", "/i1", "4 / 1", "/i2", "5 / 1", "/i3", "8 / 2"))),
                Arguments.of("fourSocketFourPmemNodes (c4pmem4)", TestMachine.fourSocketFourPmemNodes(), List.of(
                        step("best-effort: socket #0 has only the reserved CPU; socket #1 with its DRAM and PMEM",
                                h -> h.bestEffort("/be"), "/be", "1 / 1,7"),
                        step("guaranteed 1 CPU: socket #1 is taken by the best-effort's last milli-CPU; socket #2",
                                h -> h.add("/g1", QosClass.GUARANTEED, 1000, 1000, 1024, 1024),
                                "/be", "1 / 1,7", "/g1", "2 / 2,4"),
                        step("PMEM only (memory-type: pmem): socket #3, its PMEM node 5",
                                h -> h.add("/pm", QosClass.BURSTABLE, 500, 1000, 100, 200)
                                        .prefer("/pm", memoryTypes(2)),
                                "/be", "1 / 1,7", "/g1", "2 / 2,4", "/pm", "3 / 5"),
                        step("removing the best-effort frees socket #1 for the next one",
                                h -> h.remove("/be").bestEffort("/be2"),
                                "/be2", "1 / 1,7", "/g1", "2 / 2,4", "/pm", "3 / 5"))),
                Arguments.of("twoSocketHbmAndPmemNodes (n6-hbm-cxl)", TestMachine.twoSocketHbmAndPmemNodes(), List.of(
                        step("guaranteed 2 CPUs: socket #1 (more sliceable), DRAM and PMEM but not HBM",
                                h -> h.guaranteed("/g2", 2000), "/g2", "4-5 / 1,5"),
                        step("burstable with limit: socket #0, fewer colocated",
                                h -> h.add("/bu", QosClass.BURSTABLE, 500, 1000, 100, 200),
                                "/bu", "1-3 / 0,4", "/g2", "4-5 / 1,5"),
                        step("best-effort: socket #0, more shared capacity",
                                h -> h.bestEffort("/be"), "/be", "1-3 / 0,4", "/bu", "1-3 / 0,4", "/g2", "4-5 / 1,5"),
                        step("HBM only (memory-type: hbm): the HBM node of the socket chosen",
                                h -> h.add("/hb", QosClass.GUARANTEED, 500, 500, 100, 100).prefer("/hb", memoryTypes(4)),
                                "/be", "1-3 / 0,4", "/bu", "1-3 / 0,4", "/g2", "4-5 / 1,5", "/hb", "6-7 / 3"),
                        step("guaranteed 3 CPUs fits no socket: the root, sliced from both sockets (an idle core "
                                + "of socket #0 first); the shared containers of both shrink",
                                h -> h.guaranteed("/g3", 3000),
                                "/be", "1 / 0,4", "/bu", "1 / 0,4", "/g2", "4-5 / 1,5", "/g3", "2-3,6 / 0-1,4-5",
                                "/hb", "7 / 3"),
                        step("removing it: they grow back", h -> h.remove("/g3"),
                                "/be", "1-3 / 0,4", "/bu", "1-3 / 0,4", "/g2", "4-5 / 1,5", "/hb", "6-7 / 3"))),
                Arguments.of("twoSocketTwoL3PerSocket (AMD-like CCXs)", TestMachine.qemu(2, 1, 1, 8, 2, 2L << 30)
                        .caches("0-7", "8-15", "16-23", "24-31"), List.of(
                        step("guaranteed 4 CPUs: the L3 pool with most sliceable CPUs, lower id (socket #0's second; "
                                + "its first lost CPU 0 to the reservation)",
                                h -> h.guaranteed("/g4", 4000), "/g4", "8-11 / 0"),
                        step("best-effort: an L3 pool without containers and most shared capacity, lower id",
                                h -> h.bestEffort("/be"), "/be", "16-23 / 1", "/g4", "8-11 / 0"),
                        step("burstable without limit: the socket with most capacity (package level)",
                                h -> h.add("/bu", QosClass.BURSTABLE, 1000, 0, 100, 200),
                                "/be", "16-23 / 1", "/bu", "16-31 / 1", "/g4", "8-11 / 0"),
                        step("guaranteed 8 CPUs fits only the untouched L3 pool of socket #1; the burstable shrinks",
                                h -> h.guaranteed("/g8", 8000),
                                "/be", "16-23 / 1", "/bu", "16-23 / 1", "/g4", "8-11 / 0", "/g8", "24-31 / 1"))),
                Arguments.of("twoSocketSixL3 (AMD-like, three L3s per node)", TestMachine.twoSocketSixL3(), List.of(
                        step("guaranteed 8 CPUs: a whole L3 pool, the lowest id that holds it (socket #0's first "
                                + "lost CPU 0 to the reservation)",
                                h -> h.guaranteed("/g8", 8000), "/g8", "4-7,28-31 / 0"),
                        step("guaranteed 10 CPUs fits no L3 pool: the socket with most sliceable CPUs, an idle L3 "
                                + "whole and an idle core of the next (cache groups)",
                                h -> h.guaranteed("/g10", 10000), "/g10", "12-16,36-40 / 1", "/g8", "4-7,28-31 / 0"),
                        step("removing the first leaves the second where it is",
                                h -> h.remove("/g8"), "/g10", "12-16,36-40 / 1"))),
                Arguments.of("hybridDesktopOneNode (Alder-Lake-like)", TestMachine.hybridDesktopOneNode(), List.of(
                        step("the 750m reservation is the first E-core (idle cores of normal priority first, and a "
                                + "P-core is more than one CPU); guaranteed 2 CPUs: an idle P-core",
                                h -> h.guaranteed("/g2", 2000), "/g2", "0-1 / 0"),
                        step("guaranteed 4 CPUs preferring low priority: the idle E-cluster",
                                h -> h.guaranteed("/e4", 4000).prefer("/e4", cpuPriority(CpuPriority.LOW)),
                                "/e4", "16-19 / 0", "/g2", "0-1 / 0"),
                        step("guaranteed 2 CPUs preferring low priority: two E-cores of the cluster the "
                                + "reservation holds (its L2, a used cache group)",
                                h -> h.guaranteed("/e2", 2000).prefer("/e2", cpuPriority(CpuPriority.LOW)),
                                "/e2", "13-14 / 0", "/e4", "16-19 / 0", "/g2", "0-1 / 0"),
                        step("a best-effort runs on the shared CPUs left: P-cores and one E-core",
                                h -> h.bestEffort("/be"), "/be", "2-11,15 / 0", "/e2", "13-14 / 0",
                                "/e4", "16-19 / 0", "/g2", "0-1 / 0"))),
                // the e2e guests (e2e/tests/agent-topology-aware.sh expects the same)
                Arguments.of("fourNodeTwoSocket (e2e guest)", TestMachine.qemu(2, 1, 2, 2, 1, 1L << 30), List.of(
                        step("best-effort: the leaf with most shared capacity, NUMA #1",
                                h -> h.bestEffort("/e2e/be"), "/e2e/be", "2-3 / 1"),
                        step("burstable without CPU limit: the socket with most capacity",
                                h -> h.add("/e2e/bu", QosClass.BURSTABLE, 500, 0, 64, 128),
                                "/e2e/be", "2-3 / 1", "/e2e/bu", "4-7 / 2-3"),
                        step("guaranteed 2 CPUs: NUMA #2, out of the burstable's shared CPUs",
                                h -> h.add("/e2e/g2", QosClass.GUARANTEED, 2000, 2000, 64, 64),
                                "/e2e/be", "2-3 / 1", "/e2e/bu", "6-7 / 2-3", "/e2e/g2", "4-5 / 2"),
                        step("removing it gives them back", h -> h.remove("/e2e/g2"),
                                "/e2e/be", "2-3 / 1", "/e2e/bu", "4-7 / 2-3"))),
                Arguments.of("twoNodePlusTwoCpuless (e2e guest)", twoNodePlusTwoCpuless(), List.of(
                        step("best-effort: NUMA #1 (NUMA #0 has only CPU 1 besides the reserved one)",
                                h -> h.bestEffort("/e2e/be"), "/e2e/be", "2-3 / 1"),
                        step("burstable without CPU limit: the socket (the root) with its DRAM; the CPU-less "
                                + "1G nodes are HBM, which is never allocated unless asked for",
                                h -> h.add("/e2e/bu", QosClass.BURSTABLE, 500, 0, 64, 128),
                                "/e2e/be", "2-3 / 1", "/e2e/bu", "1-3 / 0-1"),
                        step("guaranteed 2 CPUs fits no NUMA node: the socket, one CPU sliced from each node",
                                h -> h.add("/e2e/g2", QosClass.GUARANTEED, 2000, 2000, 64, 64),
                                "/e2e/be", "3 / 1", "/e2e/bu", "3 / 0-1", "/e2e/g2", "1-2 / 0-1"),
                        step("removing it gives them back", h -> h.remove("/e2e/g2"),
                                "/e2e/be", "2-3 / 1", "/e2e/bu", "1-3 / 0-1"))));
    }

    /** e2e/topologies/twoNodePlusTwoCpuless.json: CPUs 0-1 and 2-3 (2 GiB each), CPU-less 1 GiB nodes 2 and 3. */
    static TestMachine twoNodePlusTwoCpuless() {
        List<Cpu> cpus = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            cpus.add(new Cpu(c, 0, 0, c, c / 2, CpuSet.of(c), true, false));
        }
        long dram = 2L << 30;
        long cxl = 1L << 30;
        return TestMachine.of(cpus, List.of(
                new NumaNode(0, CpuSet.range(0, 1), dram, dram / 2, dram / 2, List.of(10, 21, 17, 28), -1),
                new NumaNode(1, CpuSet.range(2, 3), dram, dram / 2, dram / 2, List.of(21, 10, 28, 17), -1),
                new NumaNode(2, CpuSet.EMPTY, cxl, cxl / 2, cxl / 2, List.of(17, 28, 10, 28), -1),
                new NumaNode(3, CpuSet.EMPTY, cxl, cxl / 2, cxl / 2, List.of(28, 17, 28, 10), -1)));
    }

    static ContainerPreferences cpuPriority(CpuPriority priority) {
        ContainerPreferences n = ContainerPreferences.NONE;
        return new ContainerPreferences(n.cpuPreserve(), n.memoryPreserve(), n.preferReserved(), n.preferShared(),
                n.preferIsolated(), n.requireIsolated(), n.hideHyperthreads(), Optional.of(priority), n.memoryTypes(),
                Optional.empty(), n.unlimitedBurstable(), n.affinity());
    }

    static ContainerPreferences memoryTypes(int mask) {
        ContainerPreferences n = ContainerPreferences.NONE;
        return new ContainerPreferences(n.cpuPreserve(), n.memoryPreserve(), n.preferReserved(), n.preferShared(),
                n.preferIsolated(), n.requireIsolated(), n.hideHyperthreads(), n.cpuPriority(), OptionalInt.of(mask),
                Optional.empty(), n.unlimitedBurstable(), n.affinity());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sequences")
    void placesAsTheReference(String name, TestMachine machine, List<Step> steps) {
        Harness h = new Harness(machine, state, Map.of());
        for (Step s : steps) {
            s.change().accept(h);
            h.step();
            assertThat(h.placement()).as(s.what()).containsExactlyEntriesOf(s.expected());
        }
        assertThat(h.step()).as("a cycle without changes decides nothing").isEmpty();
    }
}
