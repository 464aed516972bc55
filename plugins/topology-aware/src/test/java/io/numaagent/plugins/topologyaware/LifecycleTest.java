package io.numaagent.plugins.topologyaware;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.SetCpus;
import io.numaagent.api.decision.SetMems;
import io.numaagent.api.snapshot.QosClass;
import io.numaagent.api.testing.TestMachine;
import io.numaagent.plugins.topologyaware.alloc.ContainerPreferences;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restart, release while down, cold start, hidden hyperthreads, strict isolation, implicit affinity
 * and a corrupt state file, each on a named reference topology.
 */
class LifecycleTest {

    @TempDir
    Path state;

    private static Harness fourContainers(Harness h) {
        h.guaranteed("/g2", 2000).add("/bu", QosClass.BURSTABLE, 1000, 2000, 100, 200).bestEffort("/be")
                .guaranteed("/g1", 1000);
        h.step();
        return h;
    }

    @Test
    void twoSocketFourNodeSixteenCpusRestartKeepsEveryPlacementAndDecidesNothing() {
        Harness h = fourContainers(new Harness(TestMachine.twoSocketFourNodeSixteenCpus(), state, Map.of()));
        Map<String, String> before = h.placement();
        String grants = h.plugin.allocator().grants().toString();

        h.plugin = h.newPlugin();
        assertThat(h.step()).isEmpty();
        assertThat(h.placement()).isEqualTo(before);
        assertThat(h.plugin.allocator().grants()).hasToString(grants);
        assertThat(Files.exists(state.resolve(GrantStore.FILE))).isTrue();
    }

    @Test
    void twoSocketFourNodeSixteenCpusContainerGoneWhileDownIsReleasedAndItsCpusGoBack() throws IOException {
        Harness h = fourContainers(new Harness(TestMachine.twoSocketFourNodeSixteenCpus(), state, Map.of()));
        assertThat(h.placement()).containsEntry("/be", "12-13,15 / 3").containsEntry("/g1", "14 / 3");

        h.plugin = h.newPlugin();
        h.remove("/g1");
        List<Decision> d = h.step();

        assertThat(d).containsExactly(new SetCpus("topology-aware", "/be", io.numaagent.api.CpuSet.parse("12-15"),
                "shared CPUs of NUMA node #3"));
        assertThat(Files.readString(state.resolve(GrantStore.FILE))).doesNotContain("/g1");
    }

    /**
     * nri-plugins#92: after shrinking the available CPUs, restoring the saved grants failed ("can't slice
     * 3 exclusive CPUs") until the cache was deleted. Here a grant that no longer fits is placed again.
     */
    @Test
    void twoSocketFourNodeSixteenCpusShrunkAvailableCpusPlaceTheLostGrantAgain() {
        Harness h = fourContainers(new Harness(TestMachine.twoSocketFourNodeSixteenCpus(), state, Map.of()));
        assertThat(h.placement()).containsEntry("/g2", "4-5 / 1");

        Harness shrunk = new Harness(TestMachine.twoSocketFourNodeSixteenCpus(), state,
                Map.of("availableResources", Map.of("cpu", "exclude-cpuset:4-7")));
        shrunk.guaranteed("/g2", 2000).add("/bu", QosClass.BURSTABLE, 1000, 2000, 100, 200).bestEffort("/be")
                .guaranteed("/g1", 1000);
        shrunk.step();

        assertThat(shrunk.placement()).containsEntry("/g2", "8-9 / 2").containsEntry("/bu", "10-11 / 2").containsEntry("/g1", "14 / 3");
        assertThat(shrunk.context.log().lines()).anyMatch(l -> l.message().startsWith(
                "cannot reinstate the saved grant of /g2: CPUs 4-5 of /g2 are no longer free in NUMA node #1"));
    }

    @Test
    void twoSocketFourNodeSixteenCpusCorruptStateFileIsReportedAndContainersArePlacedAfresh() throws IOException {
        Files.writeString(state.resolve(GrantStore.FILE), "/g2\tno such pool\tNORMAL\n");
        Harness h = new Harness(TestMachine.twoSocketFourNodeSixteenCpus(), state, Map.of());
        h.guaranteed("/g2", 2000).step();

        assertThat(h.placement()).containsEntry("/g2", "4-5 / 1");
        assertThat(h.context.log().lines()).anyMatch(l -> l.level().equals("warn")
                && l.message().contains("grants.tsv:1: ignoring saved grant: expected 8 tab-separated fields, got 3"));
    }

    @Test
    void fourSocketFourPmemNodesColdStartKeepsDramOutForItsDuration() {
        Harness h = new Harness(TestMachine.fourSocketFourPmemNodes(), state, Map.of());
        ContainerPreferences n = ContainerPreferences.NONE;
        h.add("/cold", QosClass.GUARANTEED, 1000, 1000, 100, 100).prefer("/cold", new ContainerPreferences(
                n.cpuPreserve(), n.memoryPreserve(), n.preferReserved(), n.preferShared(), n.preferIsolated(),
                n.requireIsolated(), n.hideHyperthreads(), n.cpuPriority(), OptionalInt.empty(),
                Optional.of(Duration.ofSeconds(60)), n.unlimitedBurstable(), n.affinity()));
        h.step();
        assertThat(h.placement()).containsEntry("/cold", "1 / 7");

        h.advance(Duration.ofSeconds(59));
        assertThat(h.step()).isEmpty();
        h.advance(Duration.ofSeconds(1));
        assertThat(h.step()).containsExactly(new SetMems("topology-aware", "/cold", io.numaagent.api.NodeSet.parse("1,7"),
                "dram,pmem memory of socket #1"));
    }

    @Test
    void twoSocketFourNodeSixteenCpusHideHyperthreadsKeepsOneThreadPerCore() {
        Harness h = new Harness(TestMachine.twoSocketFourNodeSixteenCpus(), state, Map.of());
        ContainerPreferences n = ContainerPreferences.NONE;
        h.bestEffort("/be").prefer("/be", new ContainerPreferences(n.cpuPreserve(), n.memoryPreserve(),
                n.preferReserved(), n.preferShared(), n.preferIsolated(), n.requireIsolated(), Optional.of(true),
                n.cpuPriority(), n.memoryTypes(), n.coldStart(), n.unlimitedBurstable(), n.affinity()));
        h.step();

        assertThat(h.placement()).containsEntry("/be", "4,6 / 1");
    }

    @Test
    void twoSocketFourNodeSixteenCpusRequiredIsolationFailsWithoutIsolatedCpusAndIsRetried() {
        Harness h = new Harness(TestMachine.twoSocketFourNodeSixteenCpus(), state, Map.of());
        ContainerPreferences n = ContainerPreferences.NONE;
        h.guaranteed("/strict", 1000).prefer("/strict", new ContainerPreferences(n.cpuPreserve(), n.memoryPreserve(),
                n.preferReserved(), n.preferShared(), n.preferIsolated(), Optional.of(true), n.hideHyperthreads(),
                n.cpuPriority(), n.memoryTypes(), n.coldStart(), n.unlimitedBurstable(), n.affinity()));
        // the counter exists from the plugin's start, at 0, so that rate() over it has a series
        assertThat(h.context.metrics().value("topology_aware_allocation_failures_total")).isEqualTo(0.0);

        assertThat(h.step()).isEmpty();
        assertThat(h.step()).isEmpty();
        assertThat(h.context.log().lines().stream().filter(l -> l.message().startsWith("cannot place /strict")))
                .hasSize(1);
        assertThat(h.context.metrics().value("topology_aware_allocation_failures_total")).isEqualTo(2.0);
    }

    @Test
    void twoSocketFourNodeSixteenCpusColocateNamespacesPullsTheSecondContainerToTheFirst() {
        Map<String, String> ns = Map.of("io.kubernetes.pod.namespace", "team-a");
        Harness h = new Harness(TestMachine.twoSocketFourNodeSixteenCpus(), state, Map.of("colocateNamespaces", true));
        h.add("/a", QosClass.BURSTABLE, 500, 1000, 100, 200, ns).step();
        h.add("/b", QosClass.BURSTABLE, 500, 1000, 100, 200, ns).step();
        assertThat(h.placement()).containsEntry("/a", "4-7 / 1").containsEntry("/b", "4-7 / 1");

        Harness apart = new Harness(TestMachine.twoSocketFourNodeSixteenCpus(), state.resolve("apart"), Map.of());
        apart.add("/a", QosClass.BURSTABLE, 500, 1000, 100, 200, ns).step();
        apart.add("/b", QosClass.BURSTABLE, 500, 1000, 100, 200, ns).step();
        assertThat(apart.placement()).containsEntry("/a", "4-7 / 1").containsEntry("/b", "8-11 / 2");
    }
}
