package io.numaagent.runner.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reading the API server's JSON into {@link PodInfo}: what is kept, what is skipped, what is refused. */
class PodJsonTest {

    /** A pod as a real API server returns it (trimmed), with the many fields the agent does not keep. */
    private static final String POD = """
            {"kind":"Pod","apiVersion":"v1","metadata":{"name":"web-0","generateName":"web-","namespace":"shop",
             "uid":"6b1c-2","resourceVersion":"4711","creationTimestamp":"2026-01-01T00:00:00Z",
             "labels":{"app":"web","tier":"front"},"annotations":{"team":"web","numa.example/pin":"node0"},
             "ownerReferences":[{"apiVersion":"apps/v1","kind":"StatefulSet","name":"web","uid":"x","controller":true}],
             "managedFields":[{"manager":"kube-controller-manager","operation":"Update","fieldsV1":{"f:metadata":{}}}]},
             "spec":{"volumes":[{"name":"data","persistentVolumeClaim":{"claimName":"data-web-0"}}],
              "initContainers":[{"name":"init","image":"busybox","resources":{"requests":{"cpu":"2","memory":"64Mi"}}}],
              "containers":[{"name":"nginx","image":"nginx","ports":[{"containerPort":80}],
                "env":[{"name":"A","value":"b"}],"resources":{"limits":{"cpu":"1","memory":"1Gi",
                "nvidia.com/gpu":"1"},"requests":{"cpu":"500m","memory":"512Mi","ephemeral-storage":"1Gi"}},
                "livenessProbe":{"httpGet":{"path":"/","port":80}}},
               {"name":"logger","image":"busybox","resources":{}}],
              "nodeName":"node-a","tolerations":[{"key":"k","operator":"Exists"}],"priority":0},
             "status":{"phase":"Running","conditions":[{"type":"Ready","status":"True"}],"hostIP":"10.0.0.1",
              "qosClass":"Burstable",
              "initContainerStatuses":[{"name":"init","state":{"terminated":{"exitCode":0}},
                "containerID":"containerd://0a"}],
              "containerStatuses":[{"name":"nginx","state":{"running":{"startedAt":"2026-01-01T00:00:01Z"}},
                "lastState":{"terminated":{"exitCode":1}},"ready":true,"restartCount":1,"image":"nginx",
                "containerID":"containerd://1b"},
               {"name":"logger","state":{"waiting":{"reason":"ContainerCreating"}}}]}}""";

    private static PodJson.WatchEvent event(String line) throws IOException {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        return PodJson.event(bytes, bytes.length);
    }

    @Test
    void podKeepsOnlyTheFieldsTheSourceUses() throws IOException {
        PodInfo pod = event("{\"type\":\"ADDED\",\"object\":" + POD.replace("\n", "") + "}").pod();

        assertThat(pod.fullName()).isEqualTo("shop/web-0");
        assertThat(pod.uid()).isEqualTo("6b1c-2");
        assertThat(pod.resourceVersion()).isEqualTo("4711");
        assertThat(pod.labels()).containsExactly(Map.entry("app", "web"), Map.entry("tier", "front"));
        assertThat(pod.annotations()).containsOnly(Map.entry("team", "web"), Map.entry("numa.example/pin", "node0"));
        assertThat(pod.nodeName()).isEqualTo("node-a");
        assertThat(pod.containers()).containsExactly(
                new PodInfo.ContainerSpec("nginx", "500m", "512Mi", "1", "1Gi"),
                new PodInfo.ContainerSpec("logger", null, null, null, null));
        assertThat(pod.initContainers()).containsExactly(new PodInfo.ContainerSpec("init", "2", "64Mi", null, null));
        assertThat(pod.phase()).isEqualTo("Running");
        assertThat(pod.qosClass()).isEqualTo("Burstable");
        assertThat(pod.containerStatuses()).containsExactly(
                new PodInfo.ContainerStatus("nginx", "containerd://1b", true),
                new PodInfo.ContainerStatus("logger", null, false));
        assertThat(pod.initContainerStatuses()).containsExactly(
                new PodInfo.ContainerStatus("init", "containerd://0a", false));
    }

    @Test
    void listReadsItsItemsVersionAndContinueToken() throws IOException {
        String list = "{\"kind\":\"PodList\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"99\","
                + "\"continue\":\"next\"},\"items\":[" + POD + "," + POD.replace("web-0", "web-1") + "]}";

        PodJson.PodList read = PodJson.list(new ByteArrayInputStream(list.getBytes(StandardCharsets.UTF_8)));

        assertThat(read.items()).extracting(PodInfo::name).containsExactly("web-0", "web-1");
        assertThat(read.resourceVersion()).isEqualTo("99");
        assertThat(read.continueToken()).isEqualTo("next");
    }

    @Test
    void emptyListHasNoItemsAndNoContinueToken() throws IOException {
        PodJson.PodList read = PodJson.list(new ByteArrayInputStream(
                "{\"metadata\":{\"resourceVersion\":\"5\",\"continue\":\"\"},\"items\":null}".getBytes(
                        StandardCharsets.UTF_8)));

        assertThat(read.items()).isEmpty();
        assertThat(read.continueToken()).isNull();
    }

    @Test
    void bookmarkAndErrorEvents() throws IOException {
        PodJson.WatchEvent bookmark = event("{\"type\":\"BOOKMARK\",\"object\":{\"kind\":\"Pod\",\"metadata\":"
                + "{\"resourceVersion\":\"12345\",\"annotations\":{\"k8s.io/initial-events-end\":\"true\"}}}}");
        PodJson.WatchEvent gone = event("{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"status\":\"Failure\","
                + "\"message\":\"too old resource version: 1 (2)\",\"reason\":\"Expired\",\"code\":410}}");

        assertThat(bookmark.resourceVersion()).isEqualTo("12345");
        assertThat(bookmark.pod()).isNull();
        assertThat(gone.code()).isEqualTo(410);
        assertThat(gone.message()).isEqualTo("too old resource version: 1 (2)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "notJson                | nothing here                                               | Unrecognized token",
        "truncated              | {\"type\":\"ADDED\",\"object\":{\"metadata\":{\"name\":\"a\" | end-of-input",
        "noType                 | {\"object\":{}}                                             | object comes before its type",
        "unknownType            | {\"type\":\"RENAMED\",\"object\":{\"metadata\":{\"name\":\"a\"}}} | unknown watch event type 'RENAMED'",
        "podWithoutName         | {\"type\":\"ADDED\",\"object\":{\"metadata\":{}}}             | a pod without metadata.name",
        "labelsNotAMap          | {\"type\":\"ADDED\",\"object\":{\"metadata\":{\"name\":\"a\",\"labels\":[1]}}} | metadata.labels: expected START_OBJECT",
        "labelValueNotAString   | {\"type\":\"ADDED\",\"object\":{\"metadata\":{\"name\":\"a\",\"labels\":{\"k\":{}}}}} | metadata.labels.k: expected a string",
        "containersNotAList     | {\"type\":\"ADDED\",\"object\":{\"metadata\":{\"name\":\"a\"},\"spec\":{\"containers\":{}}}} | spec.containers: expected START_ARRAY",
        "containerWithoutName   | {\"type\":\"ADDED\",\"object\":{\"metadata\":{\"name\":\"a\"},\"spec\":{\"containers\":[{}]}}} | a container without a name",
        "bookmarkWithoutVersion | {\"type\":\"BOOKMARK\",\"object\":{\"metadata\":{}}}          | BOOKMARK event without metadata.resourceVersion",
        "deletedWithoutObject   | {\"type\":\"DELETED\"}                                      | DELETED event without a pod",
        "twoValuesOnALine       | {\"type\":\"BOOKMARK\",\"object\":{\"metadata\":{\"resourceVersion\":\"1\"}}} {} | more than one JSON value",
        "tooDeep                | {\"type\":\"ADDED\",\"object\":{\"metadata\":{\"name\":\"a\"},\"extra\":" + "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[" + "}} | nesting depth",
    })
    void malformedEventIsRefusedSayingWhere(String name, String line, String expected) {
        assertThatThrownBy(() -> event(line)).isInstanceOf(IOException.class).hasMessageContaining(expected);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "500m, 0.5", "1, 1", "2.5, 2.5", "100n, 0.0000001", "10u, 0.00001", "1k, 1000", "1M, 1000000",
        "1G, 1000000000", "1T, 1000000000000", "1P, 1000000000000000", "1E, 1000000000000000000",
        "1Ki, 1024", "1.5Mi, 1572864", "8Gi, 8589934592", "1Ti, 1099511627776", "1Pi, 1125899906842624",
        "1Ei, 1152921504606846976", "1e3, 1000", "12E-1, 1.2", "+3, 3", "0.0001, 0.0001", "128974848, 128974848",
    })
    void quantityIsItsAmount(String quantity, BigDecimal expected) {
        assertThat(Quantities.amount(quantity)).isEqualByComparingTo(expected);
    }

    @ParameterizedTest(name = "''{0}''")
    @CsvSource({"''", "m", "1.2.3", "1Qi", "1KiB", "one", "1e", "1e999", "1 Gi", "1.5.Mi"})
    void notAQuantityIsRefusedNamingIt(String quantity) {
        assertThatThrownBy(() -> Quantities.amount(quantity)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid quantity '" + quantity + "'");
    }

    @Test
    void quantityOfAnyLengthIsReadOrRefusedNotHung() {
        assertThat(List.of("9".repeat(40))).allSatisfy(q -> assertThat(Quantities.amount(q)).isPositive());
        assertThatThrownBy(() -> Quantities.amount("9".repeat(41))).isInstanceOf(IllegalArgumentException.class);
    }
}
