package io.numaagent.runner.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the reader says about bad input: the path to the field and the problem. The messages are
 * those of the hand-written reader this one replaced, except where that one doubled the path
 * ({@code decision.cpus: decision.cpus: ...}), gave none ({@code resources must not be negative})
 * or named the decision for a bad page range.
 */
class RecordingReaderTest {

    private static final String D = "{\"plugin\":\"p\",\"task\":\"/a\",";
    private static final String OUTCOME = "{\"cycle\":41,\"decision\":{\"plugin\":\"p\",\"action\":\"set-numa-balancing\","
            + "\"mode\":0,\"reason\":\"r\"},\"status\":\"failed\",\"detail\":\"d\",\"errno\":\"EPERM\",\"pagesMoved\":1,"
            + "\"pagesFailed\":2,\"durationNanos\":3,\"longestCallNanos\":4}";

    /** Line 2 of a recording of the three fixture trees, with tasks, every kind of outcome and a warning. */
    private static final String SNAPSHOT = recorded().get(1);

    static List<String> recorded() {
        try (var in = new BufferedReader(new InputStreamReader(
                RecordingReaderTest.class.getResourceAsStream("/recordings/three-fixtures.jsonl"), StandardCharsets.UTF_8))) {
            return in.lines().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The recorded snapshot with the first {@code target} replaced. */
    private static String snapshotWith(String target, String replacement) {
        assertThat(SNAPSHOT).contains(target);
        return SNAPSHOT.replaceFirst(java.util.regex.Pattern.quote(target), java.util.regex.Matcher.quoteReplacement(replacement));
    }

    /** The recorded snapshot cut off just after the first {@code target}. */
    private static String snapshotCutAfter(String target) {
        assertThat(SNAPSHOT).contains(target);
        return SNAPSHOT.substring(0, SNAPSHOT.indexOf(target) + target.length());
    }

    static Stream<Arguments> badDecisions() {
        return Stream.of(
                Arguments.of("decision.cpus: not an id: \"x\" in \"0-x\"",
                        D + "\"action\":\"set-cpus\",\"cpus\":\"0-x\",\"reason\":\"r\"}"),
                Arguments.of("decision.action: unknown action \"reboot\"",
                        D + "\"action\":\"reboot\",\"reason\":\"r\"}"),
                Arguments.of("decision.task: missing",
                        "{\"plugin\":\"p\",\"action\":\"set-cpus\",\"cpus\":\"1\",\"reason\":\"r\"}"),
                Arguments.of("decision.task: missing",
                        "{\"plugin\":\"p\",\"task\":null,\"action\":\"set-cpus\",\"cpus\":\"1\",\"reason\":\"r\"}"),
                Arguments.of("decision.task: expected a string",
                        "{\"plugin\":\"p\",\"task\":5,\"action\":\"set-cpus\",\"cpus\":\"1\",\"reason\":\"r\"}"),
                Arguments.of("decision.ranges[0].start: expected a hex address \"0x...\"",
                        D + "\"action\":\"swap-out\",\"pid\":1,\"ranges\":[{\"start\":\"1000\",\"length\":1}],\"reason\":\"r\"}"),
                Arguments.of("decision.ranges[0].start: not a hex address \"0xzz\"",
                        D + "\"action\":\"swap-out\",\"pid\":1,\"ranges\":[{\"start\":\"0xzz\",\"length\":1}],\"reason\":\"r\"}"),
                Arguments.of("decision.ranges[0].start: expected a string",
                        D + "\"action\":\"swap-out\",\"pid\":1,\"ranges\":[{\"start\":4096,\"length\":1}],\"reason\":\"r\"}"),
                Arguments.of("decision.ranges[0].length: expected an integer",
                        D + "\"action\":\"swap-out\",\"pid\":1,\"ranges\":[{\"start\":\"0x1000\",\"length\":\"1\"}],\"reason\":\"r\"}"),
                Arguments.of("decision.ranges[0]: length must be positive",
                        D + "\"action\":\"swap-out\",\"pid\":1,\"ranges\":[{\"start\":\"0x1000\",\"length\":0}],\"reason\":\"r\"}"),
                Arguments.of("decision.ranges[0]: expected an object",
                        D + "\"action\":\"swap-out\",\"pid\":1,\"ranges\":[5],\"reason\":\"r\"}"),
                Arguments.of("decision.ranges: expected an array",
                        D + "\"action\":\"swap-out\",\"pid\":1,\"ranges\":{},\"reason\":\"r\"}"),
                Arguments.of("decision: ranges must not be empty",
                        D + "\"action\":\"swap-out\",\"pid\":1,\"ranges\":[],\"reason\":\"r\"}"),
                Arguments.of("decision: pid must be positive",
                        D + "\"action\":\"move-pages\",\"pid\":0,\"ranges\":[{\"start\":\"0x1000\",\"length\":1}],\"node\":1,\"reason\":\"r\"}"),
                Arguments.of("decision.pid: expected an integer",
                        D + "\"action\":\"move-pages\",\"pid\":1.5,\"ranges\":[{\"start\":\"0x1000\",\"length\":1}],\"node\":1,\"reason\":\"r\"}"),
                Arguments.of("decision.node: expected an integer",
                        D + "\"action\":\"move-pages\",\"pid\":1,\"ranges\":[{\"start\":\"0x1000\",\"length\":1}],\"node\":3000000000,\"reason\":\"r\"}"),
                Arguments.of("decision: expected an object",
                        "[1]"),
                Arguments.of("decision.plugin: missing",
                        "{\"task\":\"/a\",\"action\":\"set-cpus\",\"cpus\":\"1\",\"reason\":\"r\"}"),
                Arguments.of("decision.plugin: expected a string",
                        "{\"plugin\":1,\"task\":\"/a\",\"action\":\"set-cpus\",\"cpus\":\"1\",\"reason\":\"r\"}"),
                Arguments.of("decision.reason: missing",
                        D + "\"action\":\"set-cpus\",\"cpus\":\"1\"}"),
                Arguments.of("decision.action: missing",
                        D + "\"cpus\":\"1\",\"reason\":\"r\"}"),
                Arguments.of("decision.action: expected a string",
                        D + "\"action\":5,\"cpus\":\"1\",\"reason\":\"r\"}"),
                Arguments.of("decision: cpus must not be empty",
                        D + "\"action\":\"set-cpus\",\"cpus\":\"\",\"reason\":\"r\"}"),
                Arguments.of("decision.cpus: expected a string",
                        D + "\"action\":\"set-cpus\",\"cpus\":1,\"reason\":\"r\"}"),
                Arguments.of("decision.mems: missing",
                        D + "\"action\":\"set-mems\",\"reason\":\"r\"}"),
                Arguments.of("decision: numa_balancing mode must be 0..3, got 7",
                        "{\"plugin\":\"p\",\"action\":\"set-numa-balancing\",\"mode\":7,\"reason\":\"r\"}"),
                Arguments.of("decision.mode: expected an integer",
                        "{\"plugin\":\"p\",\"action\":\"set-numa-balancing\",\"mode\":\"1\",\"reason\":\"r\"}"),
                Arguments.of("decision.mode: expected an integer",
                        "{\"plugin\":\"p\",\"action\":\"set-numa-balancing\",\"mode\":1.0,\"reason\":\"r\"}"),
                Arguments.of("decision.enabled: expected true or false",
                        D + "\"action\":\"set-memory-migrate\",\"enabled\":\"yes\",\"reason\":\"r\"}"),
                Arguments.of("decision.enabled: expected true or false",
                        D + "\"action\":\"set-memory-migrate\",\"enabled\":1,\"reason\":\"r\"}"),
                Arguments.of("decision.mode: expected move_pages or migrate_pages, got \"fast\"",
                        D + "\"action\":\"migrate-memory\",\"node\":1,\"mode\":\"fast\",\"reason\":\"r\"}"),
                Arguments.of("decision.mode: expected move_pages or migrate_pages, got \"default\"",
                        D + "\"action\":\"migrate-memory\",\"node\":1,\"mode\":\"default\",\"reason\":\"r\"}"),
                Arguments.of("decision.mode: expected a string",
                        D + "\"action\":\"migrate-memory\",\"node\":1,\"mode\":1,\"reason\":\"r\"}"),
                Arguments.of("decision.mode: missing",
                        D + "\"action\":\"migrate-memory\",\"node\":1,\"mode\":null,\"reason\":\"r\"}"),
                Arguments.of("decision.from: not an id: \"a\" in \"a\"",
                        D + "\"action\":\"migrate-memory\",\"node\":1,\"from\":\"a\",\"reason\":\"r\"}"),
                Arguments.of("decision.from: missing",
                        D + "\"action\":\"migrate-memory\",\"node\":1,\"from\":null,\"reason\":\"r\"}"),
                Arguments.of("decision: from must not contain the target node 1",
                        D + "\"action\":\"migrate-memory\",\"node\":1,\"from\":\"1\",\"reason\":\"r\"}"),
                Arguments.of("decision: node must not be negative",
                        D + "\"action\":\"migrate-memory\",\"node\":-1,\"reason\":\"r\"}"),
                Arguments.of("decision: task must not be empty",
                        "{\"plugin\":\"p\",\"task\":\"\",\"action\":\"set-cpus\",\"cpus\":\"1\",\"reason\":\"r\"}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badDecisions")
    void badDecisionsNameTheField(String message, String json) {
        assertThatThrownBy(() -> RecordingReader.decision(json)).isInstanceOf(BadRecordingException.class).hasMessage(message);
    }

    static Stream<Arguments> badOutcomes() {
        return Stream.of(
                Arguments.of("outcome.status: unknown value \"lost\"", OUTCOME.replace("\"failed\"", "\"lost\"")),
                Arguments.of("outcome.errno: expected a string", OUTCOME.replace("\"EPERM\"", "5")),
                Arguments.of("outcome.decision: missing", OUTCOME.replace("\"decision\":", "\"decisions\":")),
                Arguments.of("outcome.decision: numa_balancing mode must be 0..3, got 9", OUTCOME.replace("\"mode\":0", "\"mode\":9")),
                Arguments.of("outcome.decision.action: unknown action \"halt\"", OUTCOME.replace("set-numa-balancing", "halt")),
                Arguments.of("outcome.detail: missing", OUTCOME.replace("\"d\"", "null")),
                Arguments.of("outcome.cycle: expected an integer", OUTCOME.replace("41", "41.5")),
                Arguments.of("outcome.cycle: expected an integer", OUTCOME.replace("41", "99999999999999999999")),
                Arguments.of("outcome.pagesMoved: expected an integer", OUTCOME.replace("\"pagesMoved\":1", "\"pagesMoved\":\"1\"")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badOutcomes")
    void badOutcomesNameTheField(String message, String json) {
        assertThatThrownBy(() -> RecordingReader.outcome(json)).isInstanceOf(BadRecordingException.class).hasMessage(message);
    }

    /** errno may be null or left out; status is read in any case, with dashes or underscores. */
    static Stream<String> acceptedOutcomes() {
        return Stream.of(
                OUTCOME.replace("\"failed\"", "\"FAILED\""),
                OUTCOME.replace("\"failed\"", "\"dry_run\""),
                OUTCOME,
                OUTCOME.replace("\"EPERM\"", "null"),
                OUTCOME.replace(",\"errno\":\"EPERM\"", ""),
                OUTCOME.replace("\"failed\"", "\"dry-run\""));
    }

    @ParameterizedTest
    @MethodSource("acceptedOutcomes")
    void acceptedOutcomesRead(String json) {
        assertThat(RecordingReader.outcome(json).cycle()).isEqualTo(41);
    }

    static Stream<Arguments> badSnapshots() {
        return Stream.of(
                Arguments.of("snapshot.sequence: expected an integer",
                        snapshotWith("\"sequence\":42", "\"sequence\":\"x\"")),
                Arguments.of("snapshot.time: not an ISO-8601 instant",
                        snapshotWith("\"time\":\"2026-11-23T10:00:00.123456789Z\"", "\"time\":\"yesterday\"")),
                Arguments.of("snapshot.time: expected a string",
                        snapshotWith("\"time\":\"2026-11-23T10:00:00.123456789Z\"", "\"time\":5")),
                Arguments.of("snapshot.platform: missing",
                        snapshotWith("\"platform\":", "\"platforms\":")),
                Arguments.of("snapshot.platform: expected an object",
                        snapshotWith("\"platform\":{", "\"platform\":[],\"x\":{")),
                Arguments.of("snapshot.platform.nodes[0].memoryTier: expected an integer",
                        snapshotWith("\"memoryTier\":4", "\"memoryTier\":\"low\"")),
                Arguments.of("snapshot.platform.cpus[0].siblings: not an id: \"a\" in \"0,a\"",
                        snapshotWith("\"siblings\":\"0,16\"", "\"siblings\":\"0,a\"")),
                Arguments.of("snapshot.platform.cpus[0].online: expected true or false",
                        snapshotWith("\"online\":true", "\"online\":\"yes\"")),
                Arguments.of("snapshot.platform.nodes[1].distances[1]: expected an integer",
                        snapshotWith("\"distances\":[12,10,32,32]", "\"distances\":[12,\"x\",32,32]")),
                Arguments.of("snapshot.platform.nodes[1].distances[1]: expected an integer",
                        snapshotWith("\"distances\":[12,10,32,32]", "\"distances\":[12,null,32,32]")),
                Arguments.of("snapshot.platform.nodes[1].distances: expected an array",
                        snapshotWith("\"distances\":[12,10,32,32]", "\"distances\":{}")),
                Arguments.of("snapshot.kernel.vmstat.numa_foreign: expected an integer",
                        snapshotWith("\"numa_foreign\":1234", "\"numa_foreign\":\"x\"")),
                Arguments.of("snapshot.kernel.vmstat.numa_foreign: expected an integer",
                        snapshotWith("\"numa_foreign\":1234", "\"numa_foreign\":1.5")),
                Arguments.of("snapshot.kernel.vmstat: expected an object",
                        snapshotWith("\"vmstat\":{", "\"vmstat\":[],\"x\":{")),
                Arguments.of("snapshot.kernel.numaBalancing: expected an integer",
                        snapshotWith("\"numaBalancing\":1", "\"numaBalancing\":true")),
                Arguments.of("snapshot.tasks[0].qos: unknown value \"premium\"",
                        snapshotWith("\"qos\":\"best-effort\"", "\"qos\":\"premium\"")),
                Arguments.of("snapshot.tasks[0].qos: expected a string",
                        snapshotWith("\"qos\":\"best-effort\"", "\"qos\":1")),
                Arguments.of("snapshot.tasks[0].pids[1]: expected a pid",
                        snapshotWith("\"pids\":[1001,1002]", "\"pids\":[1001,\"x\"]")),
                Arguments.of("snapshot.tasks[0].pids[1]: expected a pid",
                        snapshotWith("\"pids\":[1001,1002]", "\"pids\":[1001,3000000000]")),
                Arguments.of("snapshot.tasks[0].pids[1]: expected a pid",
                        snapshotWith("\"pids\":[1001,1002]", "\"pids\":[1001,null]")),
                Arguments.of("snapshot.tasks[0].subCgroups[0]: expected a string",
                        snapshotWith("\"subCgroups\":[]", "\"subCgroups\":[1]")),
                Arguments.of("snapshot.tasks[0].labels.app: expected a string",
                        snapshotWith("\"labels\":{\"app\":\"train\"", "\"labels\":{\"app\":1")),
                Arguments.of("snapshot.tasks[0].labels.app: expected a string",
                        snapshotWith("\"labels\":{\"app\":\"train\"", "\"labels\":{\"app\":null")),
                Arguments.of("snapshot.tasks[0].labels: expected an object",
                        snapshotWith("\"labels\":{\"app\":\"train\",\"team\":\"ml\"}", "\"labels\":[]")),
                Arguments.of("snapshot.tasks[0].measurements.memoryBytesPerNode: \"x\" is not a node id",
                        snapshotWith("\"memoryBytesPerNode\":{\"0\":2415919104", "\"memoryBytesPerNode\":{\"x\":2415919104")),
                Arguments.of("snapshot.tasks[0].measurements.memoryBytesPerNode.0: expected an integer",
                        snapshotWith("\"memoryBytesPerNode\":{\"0\":2415919104", "\"memoryBytesPerNode\":{\"0\":\"big\"")),
                Arguments.of("snapshot.tasks[0].requested: resources must not be negative",
                        snapshotWith("\"cpuRequestMillis\":2000", "\"cpuRequestMillis\":-1")),
                Arguments.of("snapshot.tasks[0].requested: missing",
                        snapshotWith("\"requested\":", "\"requestedx\":")),
                Arguments.of("snapshot.tasks[0].measurements.mems: not an id: \"q\" in \"q\"",
                        snapshotWith("\"mems\":\"\",\"effectiveCpus\":\"0-31\"", "\"mems\":\"q\",\"effectiveCpus\":\"0-31\"")),
                Arguments.of("snapshot.tasks[0].measurements.memoryMigrate: missing",
                        snapshotWith("\"memoryMigrate\":false", "\"memoryMigrate\":null")),
                Arguments.of("snapshot.outcomes[0].status: unknown value \"lost\"",
                        snapshotWith("\"status\":\"applied\"", "\"status\":\"lost\"")),
                Arguments.of("snapshot.outcomes[0].decision.action: unknown action \"halt\"",
                        snapshotWith("\"action\":\"set-cpus\"", "\"action\":\"halt\"")),
                Arguments.of("snapshot.outcomes[0].decision.cpus: descending range \"9-0\" in \"9-0\"",
                        snapshotWith("\"cpus\":\"0-9\"", "\"cpus\":\"9-0\"")),
                Arguments.of("snapshot.warnings[0].path: missing",
                        snapshotWith("{\"path\":\"/batch/a\"", "{\"pathx\":\"/batch/a\"")),
                Arguments.of("snapshot.warnings: missing",
                        snapshotWith("\"warnings\":[", "\"warnings\":null,\"x\":[")),
                Arguments.of("snapshot.tasks: expected an array",
                        snapshotWith("\"tasks\":[", "\"tasks\":{},\"x\":[")),
                Arguments.of("snapshot.tasks[0]: expected an object",
                        snapshotWith("\"tasks\":[", "\"tasks\":[[],")),
                Arguments.of("snapshot: expected an object",
                        snapshotWith("{\"sequence\":42", "[{\"sequence\":42")),
                Arguments.of("snapshot.platform.cpus[0]: expected an object",
                        snapshotWith("\"cpus\":[{\"id\":0", "\"cpus\":[null,{\"id\":0")),
                Arguments.of("snapshot.outcomes[0]: expected an object",
                        snapshotWith("\"outcomes\":[", "\"outcomes\":[null,")),
                Arguments.of("snapshot.outcomes[0].decision: missing",
                        snapshotWith("\"decision\":{\"plugin\":\"numa-allocator\",\"task\":\"/batch/a\",\"action\":\"set-cpus\",\"cpus\":\"0-9\",\"reason\":\"fits node 0\"}", "\"decision\":null")),
                Arguments.of("snapshot.outcomes[0].decision: expected an object",
                        snapshotWith("\"decision\":{\"plugin\":\"numa-allocator\",\"task\":\"/batch/a\",\"action\":\"set-cpus\",\"cpus\":\"0-9\",\"reason\":\"fits node 0\"}", "\"decision\":\"x\"")),
                Arguments.of("snapshot.outcomes[5].decision.ranges[0]: expected an object",
                        snapshotWith("\"ranges\":[", "\"ranges\":[null,")),
                Arguments.of("snapshot.platform: expected an object",
                        snapshotWith("\"platform\":{", "\"platform\":5,\"x\":{")),
                Arguments.of("snapshot.kernel: expected an object",
                        snapshotWith("\"kernel\":{", "\"kernel\":\"\",\"x\":{")),
                Arguments.of("snapshot.time: missing",
                        snapshotWith("\"time\":\"2026-11-23T10:00:00.123456789Z\"", "\"time\":null")),
                Arguments.of("snapshot.tasks: expected an array",
                        snapshotWith("\"tasks\":[", "\"tasks\":\"\",\"x\":[")),
                Arguments.of("snapshot.tasks[0].measurements.memoryBytesPerNode.0: expected an integer",
                        snapshotWith("\"memoryBytesPerNode\":{\"0\":2415919104", "\"memoryBytesPerNode\":{\"0\":null")),
                Arguments.of("snapshot.platform.isolatedCpus: missing",
                        snapshotWith("\"isolatedCpus\":", "\"isolatedCpusx\":")),

                Arguments.of("snapshot: expected an object", ""),
                Arguments.of("snapshot: expected an object", "  "));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSnapshots")
    void badSnapshotsNameTheField(String message, String json) {
        assertThatThrownBy(() -> RecordingReader.snapshot(json)).isInstanceOf(BadRecordingException.class).hasMessage(message);
    }

    /** Broken JSON is reported as such, with the parser's words, wherever in the line it breaks. */
    static Stream<String> notJson() {
        return Stream.of(
                "not json",
                D,
                snapshotCutAfter("\"memoryMigrate\":false}},{\"id"),
                snapshotCutAfter("\"outcomes\":[{\"cycle\":4"),
                snapshotWith("\"numaBalancing\":1", "\"numaBalancing\":1x"),
                snapshotWith("\"action\":\"set-cpus\"", "\"action\":set-cpus"),
                snapshotWith("\"pids\":[1001,1002]", "\"pids\":[1001,,1002]"));
    }

    @ParameterizedTest
    @MethodSource("notJson")
    void brokenJsonIsNotJson(String json) {
        assertThatThrownBy(() -> RecordingReader.snapshot(json)).isInstanceOf(BadRecordingException.class)
                .hasMessageStartingWith("not JSON: ");
    }

    @Test
    void unknownFieldsAreIgnored() {
        assertThat(RecordingReader.snapshot(snapshotWith("\"sequence\":42", "\"sequence\":42,\"extra\":[1,{}]")))
                .isEqualTo(RecordingReader.snapshot(SNAPSHOT));
    }
}
