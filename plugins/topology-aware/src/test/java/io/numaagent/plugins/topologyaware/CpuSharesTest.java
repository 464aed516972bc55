package io.numaagent.plugins.topologyaware;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.SetCpuShares;
import io.numaagent.api.snapshot.QosClass;
import io.numaagent.api.testing.TestMachine;
import io.numaagent.plugins.topologyaware.alloc.ContainerPreferences;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The CPU weight of each grant, as the reference sets it ({@code MilliCPUToShares} of the shared or reserved
 * portion, else of 1000 per exclusive CPU), decided only where the cgroup's weight file shows another value, on
 * the reference's n4c16 VM ({@code twoSocketFourNodeSixteenCpus}, CPU 0 reserved).
 */
class CpuSharesTest {

    private static final String TA = "topology-aware";

    @TempDir
    Path state;

    private static List<SetCpuShares> shares(List<Decision> decisions) {
        return decisions.stream().filter(SetCpuShares.class::isInstance).map(SetCpuShares.class::cast).toList();
    }

    private static SetCpuShares shares(String task, long shares, String reason) {
        return new SetCpuShares(TA, task, null, shares, reason);
    }

    private static Harness fiveKinds(TestMachine machine, Path state, Map<String, Object> config) {
        Harness h = new Harness(machine, state, config);
        h.guaranteed("/g2", 2000)
                .add("/bu", QosClass.BURSTABLE, 1000, 2000, 100, 200)
                .bestEffort("/be")
                .add("/ks", QosClass.BURSTABLE, 100, 0, 10, 0, Map.of("io.kubernetes.pod.namespace", "kube-system"))
                .guaranteed("/mixed", 1500)
                .guaranteed("/pre", 2000)
                .prefer("/pre", preserveCpu());
        return h;
    }

    private static ContainerPreferences preserveCpu() {
        ContainerPreferences n = ContainerPreferences.NONE;
        return new ContainerPreferences(Optional.of(true), n.memoryPreserve(), n.preferReserved(), n.preferShared(),
                n.preferIsolated(), n.requireIsolated(), n.hideHyperthreads(), n.cpuPriority(), n.memoryTypes(),
                n.coldStart(), n.unlimitedBurstable(), n.affinity());
    }

    private static final List<SetCpuShares> FIVE_KINDS = List.of(
            shares("/g2", 2048, "2 exclusive CPUs of NUMA node #1"),
            shares("/bu", 1024, "1000m of the shared CPUs of NUMA node #2"),
            shares("/be", 2, "no CPU request, in the shared CPUs of NUMA node #3"),
            shares("/ks", 102, "100m of the reserved CPUs of root"),
            shares("/mixed", 512, "500m of the shared CPUs of NUMA node #3")); // most sliceable capacity

    @Test
    void twoSocketFourNodeSixteenCpusEveryKindOfGrantButPreserve() {
        Harness h = fiveKinds(TestMachine.twoSocketFourNodeSixteenCpus(), state, Map.of());

        assertThat(shares(h.step())).containsExactlyElementsOf(FIVE_KINDS);
        assertThat(h.weights).containsExactly(Map.entry("/be", 1L), Map.entry("/bu", 39L), Map.entry("/g2", 79L),
                Map.entry("/ks", 4L), Map.entry("/mixed", 20L));
        assertThat(h.step()).as("the cgroups show the weights: nothing to decide").isEmpty();

        h.weights.put("/bu", 100L); // someone else wrote the kernel's default back
        assertThat(h.step()).containsExactly(FIVE_KINDS.get(1));
    }

    /** On cgroup v1 the file holds the shares; containers whose cgroups already show 1024 (the default) keep it. */
    @Test
    void twoSocketFourNodeSixteenCpusV1DecidesOnlyWhatDiffersFromTheDefault() {
        Harness h = fiveKinds(TestMachine.twoSocketFourNodeSixteenCpus().cgroupV1(), state, Map.of());
        for (String c : List.of("/g2", "/bu", "/be", "/ks", "/mixed", "/pre")) {
            h.weights.put(c, 1024L);
        }

        assertThat(shares(h.step())).containsExactly(FIVE_KINDS.get(0), FIVE_KINDS.get(2), FIVE_KINDS.get(3),
                FIVE_KINDS.get(4));
        assertThat(h.weights).containsEntry("/g2", 2048L).containsEntry("/bu", 1024L).containsEntry("/pre", 1024L);
    }

    @Test
    void twoSocketFourNodeSixteenCpusRestartDecidesNoWeight() {
        Harness h = fiveKinds(TestMachine.twoSocketFourNodeSixteenCpus(), state, Map.of());
        h.step();

        h.plugin = h.newPlugin();

        assertThat(h.step()).isEmpty();
    }

    /** Without the cpu controller (no weight file: -1) there is nothing to set; once it is on, the weight is. */
    @Test
    void twoSocketFourNodeSixteenCpusWithoutWeightFileNothingIsDecided() {
        Harness h = new Harness(TestMachine.twoSocketFourNodeSixteenCpus(), state, Map.of());
        h.guaranteed("/g2", 2000).guaranteed("/g1", 1000);
        h.weights.put("/g2", -1L);
        h.weights.put("/g1", -1L);
        assertThat(shares(h.step())).isEmpty();

        h.weights.remove("/g1"); // the cpu controller enabled: the kernel's default 100
        assertThat(h.step()).containsExactly(shares("/g1", 1024, "1 exclusive CPUs of NUMA node #2"));
    }

    @Test
    void twoSocketFourNodeSixteenCpusWithoutCpuPinningNoWeight() {
        Harness h = fiveKinds(TestMachine.twoSocketFourNodeSixteenCpus(), state, Map.of("pinCPU", false));

        assertThat(shares(h.step())).isEmpty();
    }

    @ParameterizedTest(name = "{0}m: {1} shares")
    @CsvSource({"0, 2", "1, 2", "2, 2", "3, 3", "100, 102", "250, 256", "1000, 1024", "1500, 1536", "256000, 262144",
            "300000, 262144"})
    void milliCpuToSharesIsTheKubelets(long milli, long shares) {
        assertThat(CpuShares.fromMilliCpu(milli)).isEqualTo(shares);
    }
}
