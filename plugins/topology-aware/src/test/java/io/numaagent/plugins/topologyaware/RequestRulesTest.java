package io.numaagent.plugins.topologyaware;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.snapshot.QosClass;
import io.numaagent.api.snapshot.Resources;
import io.numaagent.api.snapshot.Task;
import io.numaagent.api.snapshot.TaskMeasurements;
import io.numaagent.plugins.topologyaware.alloc.ContainerPreferences;
import io.numaagent.plugins.topologyaware.alloc.CpuPriority;
import io.numaagent.plugins.topologyaware.alloc.CpuType;
import io.numaagent.plugins.topologyaware.alloc.Request;
import io.numaagent.plugins.topologyaware.alloc.RequestBuilder;
import io.numaagent.plugins.topologyaware.pools.MemoryType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The reference's container-to-request rules (pod-preferences.go, the rows of its table in order),
 * including the cases its unit test pins down: Guaranteed 1500m is 1 exclusive + 500m shared, isolated
 * with preferIsolated; with preferShared all 1500m shared; Guaranteed 2 with preferIsolated from config
 * only is 2 exclusive, not isolated.
 */
class RequestRulesTest {

    private static final int DRAM_PMEM = MemoryType.DRAM.bit() | MemoryType.PMEM.bit();

    private static Task task(QosClass qos, long req, long lim, Map<String, String> labels) {
        return new Task("/c", "c", "/c", List.of(), List.of(), labels, Map.of(), new Resources(req, lim, 0, 0), qos,
                TaskMeasurements.NONE);
    }

    private static ContainerPreferences prefs(Boolean preserve, Boolean reserved, Boolean shared, Boolean isolated) {
        return new ContainerPreferences(Optional.ofNullable(preserve), Optional.empty(), Optional.ofNullable(reserved),
                Optional.ofNullable(shared), Optional.ofNullable(isolated), Optional.empty(), Optional.empty(),
                Optional.empty(), OptionalInt.empty(), Optional.empty(), Optional.empty(), t -> 0);
    }

    static Stream<Arguments> rows() {
        Map<String, String> kubeSystem = Map.of(RequestBuilder.NAMESPACE_LABEL, "kube-system");
        Map<String, String> monitoring = Map.of(RequestBuilder.NAMESPACE_LABEL, "monitoring-east");
        ContainerPreferences none = ContainerPreferences.NONE;
        return Stream.of(
                // description, qos, req, lim, labels, prefs, config preferShared, full, fraction, isolate, type
                Arguments.of("1 cpu.preserve", QosClass.GUARANTEED, 2000, 2000, Map.of(), prefs(true, null, null, null),
                        false, 0, 2000, false, CpuType.PRESERVE),
                Arguments.of("2 prefer-reserved-cpus", QosClass.GUARANTEED, 2000, 2000, Map.of(),
                        prefs(null, true, null, null), false, 0, 2000, false, CpuType.RESERVED),
                Arguments.of("3 kube-system namespace", QosClass.BURSTABLE, 100, 0, kubeSystem, none, false, 0, 100,
                        false, CpuType.RESERVED),
                Arguments.of("3 reservedPoolNamespaces glob monitoring-*", QosClass.BURSTABLE, 100, 0, monitoring, none,
                        false, 0, 100, false, CpuType.RESERVED),
                Arguments.of("3 kube-system with prefer-reserved-cpus: false", QosClass.GUARANTEED, 1000, 1000,
                        kubeSystem, prefs(null, false, null, null), false, 1, 0, true, CpuType.NORMAL),
                Arguments.of("4 Burstable", QosClass.BURSTABLE, 1500, 3000, Map.of(), none, false, 0, 1500, false,
                        CpuType.NORMAL),
                Arguments.of("5 BestEffort", QosClass.BEST_EFFORT, 0, 0, Map.of(), none, false, 0, 0, false,
                        CpuType.NORMAL),
                Arguments.of("6 Guaranteed 500m", QosClass.GUARANTEED, 500, 500, Map.of(), none, false, 0, 500, false,
                        CpuType.NORMAL),
                Arguments.of("7 Guaranteed 1500m, preferSharedCPUs", QosClass.GUARANTEED, 1500, 1500, Map.of(), none,
                        true, 0, 1500, false, CpuType.NORMAL),
                Arguments.of("8 Guaranteed 1500m (preferIsolatedCPUs)", QosClass.GUARANTEED, 1500, 1500, Map.of(), none,
                        false, 1, 500, true, CpuType.NORMAL),
                Arguments.of("8 Guaranteed 1500m, prefer-isolated-cpus: false", QosClass.GUARANTEED, 1500, 1500,
                        Map.of(), prefs(null, null, null, false), false, 1, 500, false, CpuType.NORMAL),
                Arguments.of("9 Guaranteed 2500m, prefer-shared-cpus: false", QosClass.GUARANTEED, 2500, 2500, Map.of(),
                        prefs(null, null, false, null), false, 2, 500, true, CpuType.NORMAL),
                Arguments.of("10 Guaranteed 2500m", QosClass.GUARANTEED, 2500, 2500, Map.of(), none, false, 0, 2500,
                        false, CpuType.NORMAL),
                Arguments.of("11 Guaranteed 2 CPUs, prefer-shared-cpus: true", QosClass.GUARANTEED, 2000, 2000,
                        Map.of(), prefs(null, null, true, null), false, 0, 2000, false, CpuType.NORMAL),
                Arguments.of("12 Guaranteed 2 CPUs, preferIsolatedCPUs from config only", QosClass.GUARANTEED, 2000,
                        2000, Map.of(), none, false, 2, 0, false, CpuType.NORMAL),
                Arguments.of("12 Guaranteed 2 CPUs, prefer-isolated-cpus: true", QosClass.GUARANTEED, 2000, 2000,
                        Map.of(), prefs(null, null, null, true), false, 2, 0, true, CpuType.NORMAL),
                Arguments.of("QoS derived: requests = limits is Guaranteed", QosClass.UNKNOWN, 3000, 3000, Map.of(),
                        none, false, 0, 3000, false, CpuType.NORMAL));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void followsTheReferenceRules(String name, QosClass qos, long req, long lim, Map<String, String> labels,
                                  ContainerPreferences prefs, boolean preferShared, int full, int fraction,
                                  boolean isolate, CpuType type) {
        RequestBuilder builder = new RequestBuilder(new RequestBuilder.Settings(true, preferShared,
                List.of("monitoring-*"), CpuPriority.NONE, 2, DRAM_PMEM, false));
        Request r = builder.build(task(qos, req, lim, labels), prefs, Map.of());

        assertThat(List.of(r.full(), r.fraction(), r.isolate(), r.cpuType()))
                .containsExactly(full, fraction, isolate, type);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void memoryIsDramAndPmemUnlessAnnotatedAndColdStartDropsDram(String name, QosClass qos, long req, long lim,
                                                                  Map<String, String> labels,
                                                                  ContainerPreferences prefs, boolean preferShared,
                                                                  int full, int fraction, boolean isolate,
                                                                  CpuType type) {
        RequestBuilder builder = new RequestBuilder(new RequestBuilder.Settings(true, preferShared, List.of(),
                CpuPriority.NONE, 2, MemoryType.ALL, false));
        Task t = task(qos, req, lim, labels);
        assertThat(builder.build(t, prefs, Map.of()).memTypes()).isEqualTo(DRAM_PMEM);
        ContainerPreferences coldStart = new ContainerPreferences(prefs.cpuPreserve(), prefs.memoryPreserve(),
                prefs.preferReserved(), prefs.preferShared(), prefs.preferIsolated(), prefs.requireIsolated(),
                prefs.hideHyperthreads(), prefs.cpuPriority(), prefs.memoryTypes(), Optional.of(Duration.ofSeconds(60)),
                prefs.unlimitedBurstable(), prefs.affinity());
        assertThat(builder.build(t, coldStart, Map.of()).memTypes()).isEqualTo(MemoryType.PMEM.bit());
    }
}
