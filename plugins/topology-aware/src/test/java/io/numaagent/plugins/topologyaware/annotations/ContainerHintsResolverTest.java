package io.numaagent.plugins.topologyaware.annotations;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.snapshot.QosClass;
import io.numaagent.plugins.topologyaware.annotations.ContainerHintsResolver.Resolution;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ContainerHintsResolverTest {

    private static final String NRI = "resource-policy.nri.io";
    private static final String CRM = "cri-resource-manager.intel.com";
    private static final PodInfo POD = Containers.pod("/kubepods/podG", "pod0", "default", QosClass.GUARANTEED, Map.of());
    private static final ContainerInfo APP = Containers.container(POD, "app");
    private static final ContainerInfo SIDECAR = Containers.container(POD, "sidecar");

    /** What each key sets in the hints. */
    private static final Map<AnnotationKey, Function<ContainerHints, Object>> FIELD = new EnumMap<>(Map.ofEntries(
            Map.entry(AnnotationKey.PREFER_ISOLATED_CPUS, h -> List.of(h.preferIsolatedCpus(), h.requireIsolatedCpus())),
            Map.entry(AnnotationKey.REQUIRE_ISOLATED_CPUS, h -> List.of(h.preferIsolatedCpus(), h.requireIsolatedCpus())),
            Map.entry(AnnotationKey.PREFER_SHARED_CPUS, ContainerHints::preferSharedCpus),
            Map.entry(AnnotationKey.PREFER_RESERVED_CPUS, ContainerHints::preferReservedCpus),
            Map.entry(AnnotationKey.PREFER_CPU_PRIORITY, ContainerHints::cpuPriority),
            Map.entry(AnnotationKey.HIDE_HYPERTHREADS, ContainerHints::hideHyperthreads),
            Map.entry(AnnotationKey.MEMORY_TYPE, ContainerHints::memoryTypes),
            Map.entry(AnnotationKey.COLD_START, ContainerHints::coldStart),
            Map.entry(AnnotationKey.UNLIMITED_BURSTABLE, ContainerHints::unlimitedBurstable),
            Map.entry(AnnotationKey.PICK_RESOURCES_BY_HINTS, ContainerHints::pickResourcesByHints),
            Map.entry(AnnotationKey.SCHEDULING_CLASS, ContainerHints::schedulingClass),
            Map.entry(AnnotationKey.CPU_CLASS, ContainerHints::cpuClass),
            Map.entry(AnnotationKey.IRQ_AFFINITY, ContainerHints::irqAffinity),
            Map.entry(AnnotationKey.CPU_PRESERVE, ContainerHints::preserveCpu),
            Map.entry(AnnotationKey.MEMORY_PRESERVE, ContainerHints::preserveMemory),
            Map.entry(AnnotationKey.TOPOLOGY_HINTS, ContainerHints::topologyHints),
            Map.entry(AnnotationKey.STRICT_TOPOLOGY_HINTS, ContainerHints::strictTopologyHints),
            Map.entry(AnnotationKey.ALLOW_TOPOLOGY_HINTS, ContainerHints::allowTopologyHints),
            Map.entry(AnnotationKey.DENY_TOPOLOGY_HINTS, ContainerHints::denyTopologyHints),
            Map.entry(AnnotationKey.TEST_TOPOLOGY_HINTS, ContainerHints::testTopologyHints)));

    /** One valid value per effective key and what it resolves to. */
    static Stream<Arguments> validValues() {
        return Stream.of(
                Arguments.of(AnnotationKey.PREFER_ISOLATED_CPUS, "false", List.of(Optional.of(false), false)),
                Arguments.of(AnnotationKey.REQUIRE_ISOLATED_CPUS, "true", List.of(Optional.of(true), true)),
                Arguments.of(AnnotationKey.PREFER_SHARED_CPUS, "True", Optional.of(true)),
                Arguments.of(AnnotationKey.PREFER_RESERVED_CPUS, "false", Optional.of(false)),
                Arguments.of(AnnotationKey.PREFER_CPU_PRIORITY, "low", Optional.of(CpuPriority.LOW)),
                Arguments.of(AnnotationKey.PREFER_CPU_PRIORITY, "default", Optional.of(CpuPriority.DEFAULT)),
                Arguments.of(AnnotationKey.HIDE_HYPERTHREADS, "1", Optional.of(true)),
                Arguments.of(AnnotationKey.MEMORY_TYPE, "DRAM, pmem", Optional.of(Set.of(MemoryType.DRAM, MemoryType.PMEM))),
                Arguments.of(AnnotationKey.MEMORY_TYPE, "mixed", Optional.of(Set.of(MemoryType.values()))),
                Arguments.of(AnnotationKey.MEMORY_TYPE, "", Optional.of(Set.of())),
                Arguments.of(AnnotationKey.COLD_START, "duration: 60s", Optional.of(Duration.ofSeconds(60))),
                Arguments.of(AnnotationKey.COLD_START, "{\"Duration\": \"1h\"}", Optional.of(Duration.ofHours(1))),
                Arguments.of(AnnotationKey.UNLIMITED_BURSTABLE, "numa", Optional.of(TopologyLevel.NUMA)),
                Arguments.of(AnnotationKey.UNLIMITED_BURSTABLE, "l2cache", Optional.of(TopologyLevel.L2CACHE)),
                Arguments.of(AnnotationKey.PICK_RESOURCES_BY_HINTS, "true", Optional.of(true)),
                Arguments.of(AnnotationKey.SCHEDULING_CLASS, "realtime", Optional.of("realtime")),
                Arguments.of(AnnotationKey.CPU_CLASS, "turbo", Optional.of("turbo")),
                Arguments.of(AnnotationKey.IRQ_AFFINITY, "{claim: [eth0-rx], mode: claim-first}",
                        Optional.of(new IrqAffinity(List.of("eth0-rx"), List.of(), IrqAffinity.Mode.CLAIM_FIRST))),
                Arguments.of(AnnotationKey.IRQ_AFFINITY, "mask: ['*']",
                        Optional.of(new IrqAffinity(List.of(), List.of("*"), IrqAffinity.Mode.MASK_FIRST))),
                Arguments.of(AnnotationKey.CPU_PRESERVE, "true", Optional.of(true)),
                Arguments.of(AnnotationKey.MEMORY_PRESERVE, "true", Optional.of(true)),
                Arguments.of(AnnotationKey.TOPOLOGY_HINTS, "false", Optional.of(TopologyHintSources.NONE)),
                Arguments.of(AnnotationKey.TOPOLOGY_HINTS, "mounts,devices",
                        Optional.of(new TopologyHintSources(true, true, false))),
                Arguments.of(AnnotationKey.TOPOLOGY_HINTS, "pod-resources,none", Optional.of(TopologyHintSources.NONE)),
                Arguments.of(AnnotationKey.STRICT_TOPOLOGY_HINTS, "true", Optional.of(true)),
                Arguments.of(AnnotationKey.ALLOW_TOPOLOGY_HINTS, "{type: glob, paths: ['/dev/nvidia*']}",
                        Optional.of(new PathFilter(PathFilter.Type.GLOB, List.of("/dev/nvidia*")))),
                Arguments.of(AnnotationKey.DENY_TOPOLOGY_HINTS, "paths: [/sys/devices/pci0000:00]",
                        Optional.of(new PathFilter(PathFilter.Type.PREFIX, List.of("/sys/devices/pci0000:00")))),
                Arguments.of(AnnotationKey.TEST_TOPOLOGY_HINTS, "hint1: {Provider: /dev/x, CPUs: 0-3}",
                        Optional.of(List.of(new TestHint("/dev/x", "0-3", "", "")))));
    }

    /** Every valid value in every family and scope. */
    static Stream<Arguments> everyKeyFamilyAndScope() {
        List<Arguments> out = new ArrayList<>();
        validValues().forEach(a -> {
            for (AnnotationFamily f : AnnotationFamily.values()) {
                for (AnnotationScope s : List.of(AnnotationScope.CONTAINER, AnnotationScope.POD, AnnotationScope.UNSCOPED)) {
                    Object[] v = a.get();
                    out.add(Arguments.of(v[0], f, s, v[1], v[2]));
                }
            }
        });
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2} = \"{3}\"")
    @MethodSource("everyKeyFamilyAndScope")
    void everyKeyInBothFamiliesAtEveryScope(AnnotationKey key, AnnotationFamily family, AnnotationScope scope,
                                            String value, Object expected) {
        String k = key.key(family, scope, "app");
        Resolution r = ContainerHintsResolver.resolve(Map.of(k, value), APP);
        assertThat(r.problems()).isEmpty();
        assertThat(FIELD.get(key).apply(r.hints())).isEqualTo(expected);
        assertThat(r.hints().source(key)).contains(new AnnotationSource(k, scope, family));
        // a container-scoped value for another container leaves this one alone
        Resolution other = ContainerHintsResolver.resolve(Map.of(key.key(family, AnnotationScope.CONTAINER, "app"), value),
                SIDECAR);
        assertThat(other.hints()).isEqualTo(ContainerHints.NONE);
    }

    @Test
    void keySpellings() {
        assertThat(AnnotationKey.PREFER_ISOLATED_CPUS.key(AnnotationFamily.NRI, AnnotationScope.CONTAINER, "app"))
                .isEqualTo("prefer-isolated-cpus.resource-policy.nri.io/container.app");
        assertThat(AnnotationKey.CPU_PRESERVE.key(AnnotationFamily.CRI_RESMGR, AnnotationScope.POD, "app"))
                .isEqualTo("cpu.preserve.cri-resource-manager.intel.com/pod");
        assertThat(AnnotationKey.STRICT_TOPOLOGY_HINTS.key(AnnotationFamily.NRI))
                .isEqualTo("strict.topologyhints.resource-policy.nri.io");
        assertThat(AnnotationKey.AFFINITY.key(AnnotationFamily.CRI_RESMGR)).isEqualTo("cri-resource-manager.intel.com/affinity");
        assertThat(AnnotationKey.MEMORY_TYPE.key(AnnotationFamily.NRI, AnnotationScope.DEPRECATED_POD_MAP, "app"))
                .isEqualTo("resource-policy.nri.io/memory-type");
    }

    static Stream<Arguments> precedence() {
        String c = "prefer-shared-cpus." + NRI + "/container.app";
        String p = "prefer-shared-cpus." + NRI + "/pod";
        String u = "prefer-shared-cpus." + NRI;
        String cc = "prefer-shared-cpus." + CRM + "/container.app";
        String pc = "prefer-shared-cpus." + CRM + "/pod";
        String uc = "prefer-shared-cpus." + CRM;
        String dep = NRI + "/prefer-shared-cpus";
        String depc = CRM + "/prefer-shared-cpus";
        return Stream.of(
                Arguments.of(Map.of(c, "true", p, "false", u, "false"), true, c),
                Arguments.of(Map.of(p, "true", u, "false"), true, p),
                Arguments.of(Map.of(u, "true"), true, u),
                Arguments.of(Map.of(cc, "true", p, "false"), true, cc),      // scope first, then family
                Arguments.of(Map.of(pc, "false", u, "true"), false, pc),
                Arguments.of(Map.of(c, "true", cc, "true"), true, c),         // same value: no problem
                Arguments.of(Map.of(uc, "false", dep, "true"), false, uc),    // deprecated map is last
                Arguments.of(Map.of(dep, "app: true\nsidecar: false"), true, dep),
                Arguments.of(Map.of(depc, "true"), true, depc),
                Arguments.of(Map.of(depc, "sidecar: true"), null, null),      // map without this container
                Arguments.of(Map.of(c, "maybe", p, "true"), true, p),         // malformed: as if absent
                Arguments.of(Map.of("prefer-shared-cpus." + NRI + "/container.sidecar", "true"), null, null));
    }

    @ParameterizedTest
    @MethodSource("precedence")
    void containerThenPodThenUnscopedThenDeprecatedNriFirst(Map<String, String> annotations, Boolean expected,
                                                            String winner) {
        Resolution r = ContainerHintsResolver.resolve(annotations, APP);
        assertThat(r.hints().preferSharedCpus()).isEqualTo(Optional.ofNullable(expected));
        assertThat(r.hints().source(AnnotationKey.PREFER_SHARED_CPUS).map(AnnotationSource::key))
                .isEqualTo(Optional.ofNullable(winner));
    }

    @Test
    void differingValueInTheLosingFamilyIsReported() {
        String n = "hide-hyperthreads." + NRI + "/pod";
        String c = "hide-hyperthreads." + CRM + "/pod";
        Resolution r = ContainerHintsResolver.resolve(Map.of(n, "true", c, "false"), APP);
        assertThat(r.hints().hideHyperthreads()).contains(true);
        assertThat(r.problems()).containsExactly(new AnnotationProblem(c, "false",
                "shadowed by " + n + " (resource-policy.nri.io wins on equal scope)"));
    }

    static Stream<Arguments> isolation() {
        String pc = "prefer-isolated-cpus." + NRI + "/container.app";
        String pp = "prefer-isolated-cpus." + NRI + "/pod";
        String rc = "require-isolated-cpus." + NRI + "/container.app";
        String rp = "require-isolated-cpus." + CRM + "/pod";
        String ru = "require-isolated-cpus." + NRI;
        return Stream.of(
                Arguments.of(Map.of(pp, "true"), Optional.of(true), false),
                Arguments.of(Map.of(rp, "true"), Optional.of(true), true),
                Arguments.of(Map.of(pp, "false", rp, "true"), Optional.of(true), true),    // equal scope: require
                Arguments.of(Map.of(pc, "false", rp, "true"), Optional.of(false), false),  // narrower prefer wins
                Arguments.of(Map.of(pp, "false", rc, "true"), Optional.of(true), true),    // narrower require wins
                Arguments.of(Map.of(pp, "true", ru, "true"), Optional.of(true), false),
                Arguments.of(Map.of(rc, "false"), Optional.of(false), true),
                Arguments.of(Map.of(rc, "sure", pp, "true"), Optional.of(true), false),    // malformed require: absent
                Arguments.of(Map.of(), Optional.empty(), false));
    }

    @ParameterizedTest
    @MethodSource("isolation")
    void requireAndPreferIsolatedCompeteByScope(Map<String, String> annotations, Optional<Boolean> isolated,
                                               boolean required) {
        ContainerHints h = ContainerHintsResolver.resolve(annotations, APP).hints();
        assertThat(h.preferIsolatedCpus()).isEqualTo(isolated);
        assertThat(h.requireIsolatedCpus()).isEqualTo(required);
    }

    static Stream<Arguments> malformedValues() {
        return Stream.of(
                Arguments.of(AnnotationKey.PREFER_ISOLATED_CPUS, "yes", "'yes' is not a boolean (use true or false)"),
                Arguments.of(AnnotationKey.PREFER_RESERVED_CPUS, "", "'' is not a boolean (use true or false)"),
                Arguments.of(AnnotationKey.PREFER_CPU_PRIORITY, "urgent",
                        "'urgent' is not a CPU priority (high, normal, low, none, default)"),
                Arguments.of(AnnotationKey.MEMORY_TYPE, "dram,cxl", "unknown memory type 'cxl' (dram, pmem, hbm, mixed)"),
                Arguments.of(AnnotationKey.COLD_START, "duration: 2h",
                        "cold start duration 2h is out of range (0 to 1h) at line 1, column 11"),
                Arguments.of(AnnotationKey.COLD_START, "duration: -1s",
                        "cold start duration -1s is out of range (0 to 1h) at line 1, column 11"),
                Arguments.of(AnnotationKey.COLD_START, "duration: 60",
                        "'60' is not a duration like 60s or 1h30m (missing unit after '60') at line 1, column 11"),
                Arguments.of(AnnotationKey.COLD_START, "60s", "expected 'duration: <like 60s>', not a value at line 1, "
                        + "column 1"),
                Arguments.of(AnnotationKey.COLD_START, "duration: 1m\ntimeout: 2m",
                        "unknown field 'timeout' (known: duration) at line 2, column 1"),
                Arguments.of(AnnotationKey.UNLIMITED_BURSTABLE, "socket", "'socket' is not a topology level (system, "
                        + "package, die, numa, l3cache, l2cache, core, thread)"),
                Arguments.of(AnnotationKey.SCHEDULING_CLASS, " ", "empty name"),
                Arguments.of(AnnotationKey.IRQ_AFFINITY, "{mode: first}", "mode must be mask-first or claim-first at "
                        + "line 1, column 8"),
                Arguments.of(AnnotationKey.IRQ_AFFINITY, "{claim: eth0}", "expected a list at line 1, column 9"),
                Arguments.of(AnnotationKey.CPU_PRESERVE, "yes", "'yes' is not a boolean (use true or false)"),
                Arguments.of(AnnotationKey.TOPOLOGY_HINTS, "yes", "unknown hint source 'yes' (true, false, or a list of "
                        + "mounts, devices, pod-resources, all, none)"),
                Arguments.of(AnnotationKey.ALLOW_TOPOLOGY_HINTS, "{type: regex, paths: [a]}",
                        "type must be prefix or glob at line 1, column 8"),
                Arguments.of(AnnotationKey.DENY_TOPOLOGY_HINTS, "{type: glob, paths: ['[']}",
                        "bad pattern '[' at character 1: unclosed '[' at line 1, column 22"),
                Arguments.of(AnnotationKey.TEST_TOPOLOGY_HINTS, "[a]", "expected a map of hint names to {provider, "
                        + "cpus, numas, sockets}, not a list at line 1, column 1"));
    }

    @ParameterizedTest(name = "{0} = \"{1}\"")
    @MethodSource("malformedValues")
    void malformedValuesAreReportedAndIgnored(AnnotationKey key, String value, String reason) {
        for (AnnotationFamily f : AnnotationFamily.values()) {
            String k = key.key(f, AnnotationScope.POD, "app");
            Resolution r = ContainerHintsResolver.resolve(Map.of(k, value), APP);
            assertThat(r.problems()).containsExactly(new AnnotationProblem(k, value, reason));
            assertThat(FIELD.get(key).apply(r.hints())).isEqualTo(FIELD.get(key).apply(ContainerHints.NONE));
            assertThat(r.hints().source(key)).isEmpty();
        }
    }

    @Test
    void deprecatedPodMapsForEveryKeyThatHasThem() {
        Map<String, String> a = Map.of(
                CRM + "/prefer-isolated-cpus", "app: false\nsidecar: true",
                NRI + "/memory-type", "app: hbm",
                CRM + "/cold-start", "app:\n  duration: 30s\n",
                NRI + "/prefer-shared-cpus", "false");
        ContainerHints h = ContainerHintsResolver.resolve(a, APP).hints();
        assertThat(h.preferIsolatedCpus()).contains(false);
        assertThat(h.memoryTypes()).contains(Set.of(MemoryType.HBM));
        assertThat(h.coldStart()).contains(Duration.ofSeconds(30));
        assertThat(h.preferSharedCpus()).contains(false);
        assertThat(h.source(AnnotationKey.COLD_START).map(AnnotationSource::scope)).contains(AnnotationScope.DEPRECATED_POD_MAP);
        assertThat(ContainerHintsResolver.resolve(a, SIDECAR).hints().preferIsolatedCpus()).contains(true);

        Resolution plainColdStart = ContainerHintsResolver.resolve(Map.of(CRM + "/cold-start", "duration: 30s"), APP);
        assertThat(plainColdStart.hints().coldStart()).isEmpty();
        assertThat(plainColdStart.problems()).extracting(AnnotationProblem::reason)
                .containsExactly("the deprecated form is a map of container names to {duration: ...}");
    }

    static Stream<Arguments> guaranteedOnly() {
        return Stream.of(
                Arguments.of(QosClass.GUARANTEED, AnnotationScope.CONTAINER, true, List.of()),
                Arguments.of(QosClass.GUARANTEED, AnnotationScope.POD, true, List.of()),
                Arguments.of(QosClass.BURSTABLE, AnnotationScope.POD, false, List.of()),
                Arguments.of(QosClass.BURSTABLE, AnnotationScope.CONTAINER, false,
                        List.of("cpu-class applies to Guaranteed containers only; this one is Burstable",
                                "irq-affinity applies to Guaranteed containers only; this one is Burstable")),
                Arguments.of(QosClass.BEST_EFFORT, AnnotationScope.UNSCOPED, false, List.of()));
    }

    @ParameterizedTest
    @MethodSource("guaranteedOnly")
    void cpuClassAndIrqAffinityOnlyForGuaranteed(QosClass qos, AnnotationScope scope, boolean set, List<String> reasons) {
        PodInfo pod = Containers.pod("/kubepods/podQ", "q", "default", qos, Map.of());
        ContainerInfo c = Containers.container(pod, "app");
        Map<String, String> a = Map.of(AnnotationKey.CPU_CLASS.key(AnnotationFamily.NRI, scope, "app"), "turbo",
                AnnotationKey.IRQ_AFFINITY.key(AnnotationFamily.CRI_RESMGR, scope, "app"), "claim: [eth0]");
        Resolution r = ContainerHintsResolver.resolve(a, c);
        assertThat(r.hints().cpuClass().isPresent()).isEqualTo(set);
        assertThat(r.hints().irqAffinity().isPresent()).isEqualTo(set);
        assertThat(r.hints().containerScoped(AnnotationKey.CPU_CLASS)).isEqualTo(set && scope == AnnotationScope.CONTAINER);
        assertThat(r.problems()).extracting(AnnotationProblem::reason).containsExactlyInAnyOrderElementsOf(reasons);
    }

    @Test
    void affinityNriWinsAndAMalformedOneFallsBackToTheOtherFamily() {
        String nri = NRI + "/affinity";
        String crm = CRM + "/affinity";
        Expression scope = Affinity.podScope(POD);
        Affinity toDb = new Affinity(scope, Expression.of("name", Operator.Equals, List.of("db")), 1);
        Affinity toSidecar = new Affinity(scope, Expression.of("name", Operator.Equals, List.of("sidecar")), 1);

        Resolution both = ContainerHintsResolver.resolve(Map.of(nri, "app: [db]", crm, "app: [sidecar]"), APP);
        assertThat(both.hints().affinities()).containsExactly(toDb);
        assertThat(both.problems()).containsExactly(new AnnotationProblem(crm, "app: [sidecar]",
                "shadowed by " + nri + " (resource-policy.nri.io wins)"));

        String broken = "app:\n- match: {key: name, operator: Equal, values: [db]}\n";
        Resolution fallback = ContainerHintsResolver.resolve(Map.of(nri, broken, crm, "app: [sidecar]"), APP);
        assertThat(fallback.hints().affinities()).containsExactly(toSidecar);
        assertThat(fallback.problems()).containsExactly(new AnnotationProblem(nri, broken,
                "unknown operator 'Equal' (known: Equals, NotEqual, In, NotIn, Exists, NotExist, AlwaysTrue, Matches, "
                        + "MatchesNot, MatchesAny, MatchesNone) at line 2, column 32"));
        assertThat(fallback.hints().source(AnnotationKey.AFFINITY))
                .contains(new AnnotationSource(crm, AnnotationScope.POD_LEVEL, AnnotationFamily.CRI_RESMGR));
    }

    @Test
    void affinityAndAntiAffinityAreMergedWithSignedWeights() {
        Map<String, String> a = Map.of(NRI + "/affinity", "app: [db]", CRM + "/anti-affinity",
                "app:\n- match: {key: io.kubernetes.pod.name, operator: Equals, values: [noisy]}\n  weight: 50\n");
        List<Affinity> got = ContainerHintsResolver.resolve(a, APP).hints().affinities();
        assertThat(got).extracting(Affinity::weight).containsExactly(1, -50);
        assertThat(got.get(1).match().key()).isEqualTo("labels/io.kubernetes.pod.name"); // cri-resmgr key rule
    }

    static Stream<Arguments> unknownKeys() {
        return Stream.of(
                Arguments.of(NRI + "/affinty", "unknown annotation 'affinty' in resource-policy.nri.io"),
                Arguments.of("prefer-isolated-cpu." + NRI, "unknown annotation 'prefer-isolated-cpu' in "
                        + "resource-policy.nri.io"),
                Arguments.of("prefer-isolated-cpus." + CRM + "/contaner.app", "bad scope '/contaner.app' (use /pod or "
                        + "/container.<name>, or none)"),
                Arguments.of("prefer-isolated-cpus." + NRI + "/container.", "bad scope '/container.' (use /pod or "
                        + "/container.<name>, or none)"),
                Arguments.of("resource-manager.nri.io/affinity", "unknown namespace 'resource-manager.nri.io'; did you "
                        + "mean resource-policy.nri.io or cri-resource-manager.intel.com?"),
                Arguments.of("memory-type.resource-manager.nri.io/pod", "unknown namespace 'resource-manager.nri.io'; "
                        + "did you mean resource-policy.nri.io or cri-resource-manager.intel.com?"),
                Arguments.of(NRI + "/hide-hyperthreads", "'hide-hyperthreads' is spelled "
                        + "hide-hyperthreads.resource-policy.nri.io[/pod|/container.<name>]"),
                Arguments.of("anti-affinity." + CRM, "'anti-affinity' is spelled cri-resource-manager.intel.com/anti-affinity"),
                Arguments.of("rdtclass." + NRI + "/pod", null),
                Arguments.of("balloon.balloons." + CRM, null),
                Arguments.of(CRM + "/resources", null),
                Arguments.of("app.kubernetes.io/name", null),
                Arguments.of("class.memory-qos.nri.io", null));
    }

    @ParameterizedTest
    @MethodSource("unknownKeys")
    void unknownKeysAndNearMissNamespacesAreReported(String key, String reason) {
        List<AnnotationProblem> p = ContainerHintsResolver.resolve(Map.of(key, "x"), APP).problems();
        if (reason == null) {
            assertThat(p).isEmpty();
        } else {
            assertThat(p).containsExactly(new AnnotationProblem(key, "x", reason));
        }
    }

    @Test
    void resolvePodReportsScopesNamingNoContainer() {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("prefer-shared-cpus." + NRI + "/container.app", "true");
        a.put("prefer-shared-cpus." + NRI + "/container.sidecra", "true");
        Map<String, Resolution> r = ContainerHintsResolver.resolvePod(a, List.of(APP, SIDECAR));
        assertThat(r).containsOnlyKeys(APP.id(), SIDECAR.id());
        assertThat(r.get(APP.id()).hints().preferSharedCpus()).contains(true);
        assertThat(r.get(SIDECAR.id()).hints().preferSharedCpus()).isEmpty();
        AnnotationProblem stray = new AnnotationProblem("prefer-shared-cpus." + NRI + "/container.sidecra", "true",
                "names no container of this pod (containers: app, sidecar)");
        assertThat(r.get(APP.id()).problems()).containsExactly(stray);
        assertThat(r.get(SIDECAR.id()).problems()).containsExactly(stray);
    }

    @Test
    void hostileValuesBecomeProblemsNotCrashes() {
        StringBuilder deepBlock = new StringBuilder("app:\n");
        for (int i = 1; i <= 5000; i++) {
            deepBlock.append(" ".repeat(i)).append("k").append(i).append(":\n");
        }
        Map<String, String> a = Map.of(
                NRI + "/affinity", "[".repeat(100_000),
                NRI + "/anti-affinity", deepBlock.toString(),
                "cold-start." + NRI, "duration: " + "9".repeat(10_000) + "h",
                "irq-affinity." + NRI, "{claim: [" + "x, ".repeat(50_000) + "y]}");
        Resolution r = ContainerHintsResolver.resolve(a, APP);
        assertThat(r.hints().affinities()).isEmpty();
        assertThat(r.hints().coldStart()).isEmpty();
        assertThat(r.hints().irqAffinity()).hasValueSatisfying(irq -> assertThat(irq.claim()).hasSize(50_001));
        assertThat(r.problems()).extracting(AnnotationProblem::reason).containsExactlyInAnyOrder(
                "nested more than 32 levels deep at line 1, column 32",
                "nested more than 32 levels deep at line 33, column 33",
                "'" + "9".repeat(199) + " ... " + "9".repeat(9) + "h' is not a duration like 60s or 1h30m (too large) "
                        + "at line 1, column 11");
        assertThat(r.problems()).allSatisfy(p -> assertThat(p.message()).hasSizeLessThan(800));
    }

    @Test
    void problemMessageIsOneLogLine() {
        assertThat(new AnnotationProblem("k", "a\nb", "why").message()).isEqualTo("annotation k=\"a\\nb\" ignored: why");
    }
}
