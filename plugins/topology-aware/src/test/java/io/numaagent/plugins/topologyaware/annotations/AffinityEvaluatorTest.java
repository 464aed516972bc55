package io.numaagent.plugins.topologyaware.annotations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.numaagent.api.snapshot.QosClass;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AffinityEvaluatorTest {

    /**
     * The pool tree of the reference's n4c16 e2e VM (2 sockets x 2 NUMA nodes): root, socket #0 with
     * NUMA #0 and #1, socket #1 with NUMA #2 and #3.
     */
    static final class TwoSocketFourNodeTree implements PoolHierarchy<String> {
        private final Map<String, String> parent = Map.of("socket0", "root", "socket1", "root", "numa0", "socket0",
                "numa1", "socket0", "numa2", "socket1", "numa3", "socket1");
        private final Map<String, List<String>> children = Map.of("root", List.of("socket0", "socket1"),
                "socket0", List.of("numa0", "numa1"), "socket1", List.of("numa2", "numa3"));

        @Override
        public Optional<String> parent(String pool) {
            return Optional.ofNullable(parent.get(pool));
        }

        @Override
        public List<String> children(String pool) {
            return children.getOrDefault(pool, List.of());
        }

        @Override
        public int depth(String pool) {
            return pool.equals("root") ? 0 : pool.startsWith("socket") ? 1 : 2;
        }
    }

    private static final TwoSocketFourNodeTree TREE = new TwoSocketFourNodeTree();

    @Test
    void twoSocketFourNodeScoresAffinityAndAntiAffinityByDistance() {
        // +10 from a container in NUMA #0, -5 from one granted at socket #1
        Map<String, Integer> w = Map.of("numa0", 10, "socket1", -5);
        Map<String, Double> expected = Map.of(
                "numa0", 10.0,                     // itself
                "numa1", 0.0,                      // sibling: neither ancestor nor subtree
                "socket0", 10 * 0.75,              // child one link down
                "socket1", -5.0,                   // itself
                "numa2", -5 * 0.75,                // parent one link up
                "numa3", -5 * 0.75,
                "root", 10 * 0.5625 - 5 * 0.75);   // 1.875
        expected.forEach((pool, score) ->
                assertThat(AffinityEvaluator.poolScore(w, pool, TREE)).as(pool).isCloseTo(score, within(1e-12)));
    }

    @Test
    void twoSocketFourNodeAncestorsAndDescendantsBothCount() {
        // root +4 (two links above a NUMA node), NUMA #2 +8: from socket #1, 4*0.75 + 8*0.75
        Map<String, Integer> w = Map.of("root", 4, "numa2", 8);
        assertThat(AffinityEvaluator.poolScore(w, "socket1", TREE)).isCloseTo(9.0, within(1e-12));
        assertThat(AffinityEvaluator.poolScore(w, "numa3", TREE)).isCloseTo(4 * 0.5625, within(1e-12));
        assertThat(AffinityEvaluator.poolScore(Map.of(), "numa3", TREE)).isZero();
    }

    @Test
    void twoSocketFourNodeWeightsFromAnnotationsToPools() {
        PodInfo webPod = Containers.pod("/kubepods/podW", "web", "prod", QosClass.GUARANTEED, Map.of());
        PodInfo cachePod = Containers.pod("/kubepods/podC", "cache", "prod", QosClass.BURSTABLE, Map.of("app", "cache"));
        PodInfo otherCache = Containers.pod("/kubepods/podO", "cache2", "prod", QosClass.BURSTABLE, Map.of("app", "cache"));
        PodInfo stagingWeb = Containers.pod("/kubepods/podS", "web", "staging", QosClass.GUARANTEED, Map.of());
        ContainerInfo web = Containers.container(webPod, "web");
        ContainerInfo db = Containers.container(webPod, "db");
        ContainerInfo cache = Containers.container(cachePod, "redis");
        ContainerInfo unplaced = Containers.container(otherCache, "redis");
        ContainerInfo stagingDb = Containers.container(stagingWeb, "db");

        Map<String, String> annotations = Map.of(
                "resource-policy.nri.io/affinity", """
                        web:
                        - match: {key: name, operator: Equals, values: [db]}
                          weight: 10
                        """,
                "resource-policy.nri.io/anti-affinity", """
                        web:
                        - scope: {key: namespace, operator: Equals, values: [prod]}
                          match: {key: pod/labels/app, operator: In, values: [cache]}
                          weight: 5
                        """);
        List<Affinity> affinities = ContainerHintsResolver.resolve(annotations, web).hints().affinities();
        List<ContainerInfo> all = List.of(web, db, cache, unplaced, stagingDb);

        Map<String, Integer> byContainer = AffinityEvaluator.containerWeights(web, affinities, all);
        // the default pod scope leaves out the same-named pod's db in another namespace
        assertThat(byContainer).containsExactlyInAnyOrderEntriesOf(Map.of(db.id(), 10, cache.id(), -5, unplaced.id(), -5));

        Map<String, String> grants = new HashMap<>(Map.of(db.id(), "numa0", cache.id(), "socket1", stagingDb.id(), "numa0"));
        Map<String, Integer> byPool = AffinityEvaluator.poolWeights(byContainer, id -> Optional.ofNullable(grants.get(id)));
        assertThat(byPool).containsExactlyInAnyOrderEntriesOf(Map.of("numa0", 10, "socket1", -5));
        assertThat(AffinityEvaluator.poolScore(byPool, "numa0", TREE)).isEqualTo(10.0);
        assertThat(AffinityEvaluator.poolScore(byPool, "numa2", TREE)).isEqualTo(-3.75);
    }

    @Test
    void selfIsNeverAnAffinityTarget() {
        PodInfo pod = Containers.pod("/p", "p", "ns", QosClass.BURSTABLE, Map.of());
        ContainerInfo a = Containers.container(pod, "a");
        ContainerInfo b = Containers.container(pod, "b");
        List<Affinity> all = List.of(Affinity.colocatePod(pod), Affinity.colocateNamespace("ns"));
        assertThat(AffinityEvaluator.containerWeights(a, all, List.of(a, b))).containsExactly(Map.entry(b.id(), 20));
    }

    @Test
    void implicitAffinitiesOnlyWithoutAnnotatedOnes() {
        PodInfo pod = Containers.pod("/p", "p", "ns", QosClass.BURSTABLE, Map.of());
        ContainerInfo a = Containers.container(pod, "a");
        Affinity annotated = new Affinity(Affinity.podScope(pod), Expression.of("name", Operator.Equals, List.of("b")), 3);
        assertThat(Affinity.withImplicit(List.of(annotated), a, true, true)).containsExactly(annotated);
        assertThat(Affinity.withImplicit(List.of(), a, true, false)).containsExactly(Affinity.colocatePod(pod));
        assertThat(Affinity.withImplicit(List.of(), a, false, true)).containsExactly(Affinity.colocateNamespace("ns"));
        assertThat(Affinity.withImplicit(List.of(), a, false, false)).isEmpty();
        assertThat(Affinity.colocatePod(pod)).hasToString("<affinity: scope <pod/id Equals /p> < AlwaysTrue > => 10>");
    }
}
