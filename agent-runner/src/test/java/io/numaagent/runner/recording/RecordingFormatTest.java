package io.numaagent.runner.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.numaagent.api.CpuSet;
import io.numaagent.api.NodeSet;
import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.MigrateMemory;
import io.numaagent.api.decision.MovePages;
import io.numaagent.api.decision.Outcome;
import io.numaagent.api.decision.PageRange;
import io.numaagent.api.decision.SchedulingParameters;
import io.numaagent.api.decision.SetCpuClass;
import io.numaagent.api.decision.SetCpuShares;
import io.numaagent.api.decision.SetSchedulingClass;
import io.numaagent.api.decision.SetUncoreFrequency;
import io.numaagent.api.decision.SetCpus;
import io.numaagent.api.decision.SetIrqAffinity;
import io.numaagent.api.decision.SetMemoryMigrate;
import io.numaagent.api.decision.SetMems;
import io.numaagent.api.decision.SetNumaBalancing;
import io.numaagent.api.decision.SwapOut;
import io.numaagent.api.snapshot.CpuPower;
import io.numaagent.api.snapshot.CpuPowerState;
import io.numaagent.api.snapshot.IdleState;
import io.numaagent.api.snapshot.Platform;
import io.numaagent.api.snapshot.QosClass;
import io.numaagent.api.snapshot.Resources;
import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.api.snapshot.ThreadScheduling;
import io.numaagent.api.snapshot.Task;
import io.numaagent.api.snapshot.UncoreDomain;
import io.numaagent.runner.config.TaskSourceConfig;
import io.numaagent.runner.host.Fixtures;
import io.numaagent.runner.host.Host;
import io.numaagent.runner.tasks.SnapshotCollector;
import io.numaagent.runner.tasks.TaskSources;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class RecordingFormatTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00.123456789Z");

    static Stream<Arguments> decisions() {
        return Stream.of(
                Arguments.of(new SetCpus("numa-allocator", "/batch/a", CpuSet.parse("0-9"), "fits node 0"),
                        "{\"plugin\":\"numa-allocator\",\"task\":\"/batch/a\",\"action\":\"set-cpus\",\"cpus\":\"0-9\","
                                + "\"reason\":\"fits node 0\"}"),
                Arguments.of(new SetMems("numa-allocator", "/batch/a", NodeSet.of(0, 2), "local"),
                        "{\"plugin\":\"numa-allocator\",\"task\":\"/batch/a\",\"action\":\"set-mems\",\"mems\":\"0,2\","
                                + "\"reason\":\"local\"}"),
                Arguments.of(new SetMemoryMigrate("numa-allocator", "/batch/a", true, "v1 migration"),
                        "{\"plugin\":\"numa-allocator\",\"task\":\"/batch/a\",\"action\":\"set-memory-migrate\","
                                + "\"enabled\":true,\"reason\":\"v1 migration\"}"),
                Arguments.of(new MigrateMemory("numa-allocator", "/batch/a", 1, NodeSet.of(0, 2),
                                MigrateMemory.MigrationMode.MOVE_PAGES, "follow cpus"),
                        "{\"plugin\":\"numa-allocator\",\"task\":\"/batch/a\",\"action\":\"migrate-memory\",\"node\":1,"
                                + "\"from\":\"0,2\",\"mode\":\"move_pages\",\"reason\":\"follow cpus\"}"),
                Arguments.of(new MigrateMemory("numa-allocator", "/batch/a", 1, "defaults left out"),
                        "{\"plugin\":\"numa-allocator\",\"task\":\"/batch/a\",\"action\":\"migrate-memory\",\"node\":1,"
                                + "\"reason\":\"defaults left out\"}"),
                Arguments.of(new MovePages("tier-mover", "pid:4242", 4242,
                                List.of(new PageRange(0x7f0000000000L, 2097152), new PageRange(0x7f0000400000L, 4096)),
                                2, "idle for 120 s"),
                        "{\"plugin\":\"tier-mover\",\"task\":\"pid:4242\",\"action\":\"move-pages\",\"pid\":4242,"
                                + "\"ranges\":[{\"start\":\"0x7f0000000000\",\"length\":2097152},"
                                + "{\"start\":\"0x7f0000400000\",\"length\":4096}],\"node\":2,\"reason\":\"idle for 120 s\"}"),
                Arguments.of(new SwapOut("tier-mover", "/batch/b", 1101, List.of(new PageRange(0x1000, 8192)), "cold"),
                        "{\"plugin\":\"tier-mover\",\"task\":\"/batch/b\",\"action\":\"swap-out\",\"pid\":1101,"
                                + "\"ranges\":[{\"start\":\"0x1000\",\"length\":8192}],\"reason\":\"cold\"}"),
                Arguments.of(new SetCpuShares("topology-aware", "/kubepods/g2", null, 2048, "2 exclusive CPUs"),
                        "{\"plugin\":\"topology-aware\",\"task\":\"/kubepods/g2\",\"action\":\"set-cpu-shares\","
                                + "\"shares\":2048,\"reason\":\"2 exclusive CPUs\"}"),
                Arguments.of(new SetCpuShares("topology-aware", "/kubepods/pod1", "/kubepods/pod1/app", 102, "100m"),
                        "{\"plugin\":\"topology-aware\",\"task\":\"/kubepods/pod1\",\"action\":\"set-cpu-shares\","
                                + "\"subCgroup\":\"/kubepods/pod1/app\",\"shares\":102,\"reason\":\"100m\"}"),
                Arguments.of(new SetSchedulingClass("topology-aware", "/kubepods/pod1", "/kubepods/pod1/app",
                                "background", new SchedulingParameters("batch", 0, List.of(), 5, 0, 0, 0, "idle", 0),
                                "2 threads run otherwise"),
                        "{\"plugin\":\"topology-aware\",\"task\":\"/kubepods/pod1\",\"action\":\"set-scheduling-class\","
                                + "\"subCgroup\":\"/kubepods/pod1/app\",\"className\":\"background\",\"parameters\":"
                                + "{\"policy\":\"batch\",\"priority\":0,\"flags\":[],\"nice\":5,\"runtime\":0,"
                                + "\"deadline\":0,\"period\":0,\"ioClass\":\"idle\",\"ioPriority\":0},"
                                + "\"reason\":\"2 threads run otherwise\"}"),
                // nice and the I/O class left as they are: written without them
                Arguments.of(new SetSchedulingClass("topology-aware", "/kubepods/rt", null, "realtime",
                                new SchedulingParameters("fifo", 42, List.of("reset-on-fork"), null, 0, 0, 0, null, 0),
                                "r"),
                        "{\"plugin\":\"topology-aware\",\"task\":\"/kubepods/rt\",\"action\":\"set-scheduling-class\","
                                + "\"className\":\"realtime\",\"parameters\":{\"policy\":\"fifo\",\"priority\":42,"
                                + "\"flags\":[\"reset-on-fork\"],\"runtime\":0,\"deadline\":0,\"period\":0,"
                                + "\"ioPriority\":0},\"reason\":\"r\"}"),
                Arguments.of(new SetIrqAffinity("topology-aware", 24, CpuSet.parse("0-1,4-7"), "masked by p/c0 2-3"),
                        "{\"plugin\":\"topology-aware\",\"action\":\"set-irq-affinity\",\"irq\":24,"
                                + "\"cpus\":\"0-1,4-7\",\"reason\":\"masked by p/c0 2-3\"}"),
                Arguments.of(new SetCpuClass("topology-aware", "turbo", CpuSet.parse("4-5"), 3000000, 3900000,
                                "performance", "performance", List.of("C6"), "exclusive CPUs of /pod/g"),
                        "{\"plugin\":\"topology-aware\",\"action\":\"set-cpu-class\",\"cpuClass\":\"turbo\","
                                + "\"cpus\":\"4-5\",\"minKhz\":3000000,\"maxKhz\":3900000,\"governor\":\"performance\","
                                + "\"energyPerformancePreference\":\"performance\",\"disabledIdleStates\":[\"C6\"],"
                                + "\"reason\":\"exclusive CPUs of /pod/g\"}"),
                // idle states left alone: the field is left out
                Arguments.of(new SetCpuClass("topology-aware", "normal", CpuSet.parse("0-3"), 0, 2400000, "", "", null,
                                "shared CPUs"),
                        "{\"plugin\":\"topology-aware\",\"action\":\"set-cpu-class\",\"cpuClass\":\"normal\","
                                + "\"cpus\":\"0-3\",\"minKhz\":0,\"maxKhz\":2400000,\"governor\":\"\","
                                + "\"energyPerformancePreference\":\"\",\"reason\":\"shared CPUs\"}"),
                Arguments.of(new SetUncoreFrequency("topology-aware", 1, 0, 0, 2000000, "classes on package 1 die 0"),
                        "{\"plugin\":\"topology-aware\",\"action\":\"set-uncore-frequency\",\"packageId\":1,"
                                + "\"dieId\":0,\"minKhz\":0,\"maxKhz\":2000000,"
                                + "\"reason\":\"classes on package 1 die 0\"}"),
                Arguments.of(new SetNumaBalancing("numa-allocator", 0, "explicit placement"),
                        "{\"plugin\":\"numa-allocator\",\"action\":\"set-numa-balancing\",\"mode\":0,"
                                + "\"reason\":\"explicit placement\"}"),
                Arguments.of(new SetCpus("topology-aware", "/kubepods/pod1", "/kubepods/pod1/app", CpuSet.parse("4-5"),
                                "exclusive"),
                        "{\"plugin\":\"topology-aware\",\"task\":\"/kubepods/pod1\",\"action\":\"set-cpus\","
                                + "\"subCgroup\":\"/kubepods/pod1/app\",\"cpus\":\"4-5\",\"reason\":\"exclusive\"}"),
                Arguments.of(new SetMems("topology-aware", "/kubepods/pod1", "/kubepods/pod1/app", NodeSet.of(1), "local"),
                        "{\"plugin\":\"topology-aware\",\"task\":\"/kubepods/pod1\",\"action\":\"set-mems\","
                                + "\"subCgroup\":\"/kubepods/pod1/app\",\"mems\":\"1\",\"reason\":\"local\"}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decisions")
    void decisionLinesHaveAFixedFieldOrderAndReadBack(Decision decision, String expected) {
        assertThat(RecordingWriter.toLine(decision)).isEqualTo(expected);
        assertThat(RecordingReader.decision(expected)).isEqualTo(decision);
    }

    private static Snapshot collect(String fixture, List<TaskSourceConfig> sources, List<Outcome> outcomes) {
        Host host = Fixtures.host(fixture);
        return new SnapshotCollector(host, TaskSources.create(sources, host), Clock.fixed(NOW, ZoneOffset.UTC))
                .collect(42, outcomes);
    }

    private static List<Outcome> everyKindOfOutcome() {
        return decisions().map(a -> (Decision) a.get()[0]).map(d -> new Outcome(41, d,
                d instanceof MovePages ? Outcome.Status.FAILED : Outcome.Status.APPLIED, "detail of " + d.action(),
                d instanceof MovePages ? "EPERM" : null, 512, 3, 1_500_000, 200_000)).toList();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"laptopOneNode", "twoSocketFourNode", "cxlTwoMemoryOnlyNodes"})
    void collectedSnapshotsRoundTripExactly(String fixture) {
        Snapshot s = collect(fixture, List.of(
                new TaskSourceConfig.Static(List.of(new TaskSourceConfig.StaticTask("/batch/a", "a",
                        Map.of("team", "ml", "app", "train"), new Resources(2000, 4000, 1L << 30, 2L << 30),
                        QosClass.BEST_EFFORT))),
                new TaskSourceConfig.Cgroups(List.of("/"), null, 2),
                new TaskSourceConfig.Processes("java", 0)), everyKindOfOutcome());
        assertThat(s.tasks()).isNotEmpty();

        String json = RecordingWriter.toLine(s);

        assertThat(json).doesNotContain("\n");
        assertThat(RecordingReader.snapshot(json)).isEqualTo(s);
    }

    /** A pod's containers, declared by the static source or found by the cgroup scan, round-trip. */
    @ParameterizedTest(name = "{0}")
    @MethodSource
    void twoSocketFourNodeTaskContainersRoundTrip(String source, TaskSourceConfig config, List<String> containers) {
        Snapshot s = collect("twoSocketFourNode", List.of(config), List.of());
        assertThat(s.tasks()).singleElement().satisfies(t -> assertThat(t.containers()).extracting(c -> c.name() + "@"
                + c.cgroupPath() + " " + c.qos() + " " + c.requested().cpuRequestMillis()).containsExactlyElementsOf(containers));

        String json = RecordingWriter.toLine(s);

        assertThat(json).contains("\"containers\":[{\"name\":");
        assertThat(RecordingReader.snapshot(json)).isEqualTo(s);
    }

    static Stream<Arguments> twoSocketFourNodeTaskContainersRoundTrip() {
        return Stream.of(
                Arguments.of("static", new TaskSourceConfig.Static(List.of(new TaskSourceConfig.StaticTask(
                        "/kubepods/pod123", "pod123", Map.of(), Resources.NONE, QosClass.UNKNOWN, List.of(
                                new TaskSourceConfig.StaticContainer("app", "ctr-app",
                                        new Resources(2000, 2000, 1L << 30, 1L << 30), QosClass.GUARANTEED))))),
                        List.of("app@/kubepods/pod123/ctr-app GUARANTEED 2000")),
                Arguments.of("cgroups", new TaskSourceConfig.Cgroups(List.of("/kubepods"), null, 1),
                        List.of("ctr-app@/kubepods/pod123/ctr-app UNKNOWN 0",
                                "ctr-sidecar@/kubepods/pod123/ctr-sidecar UNKNOWN 0")));
    }

    @Test
    void jsonUsesKernelListsAndIsoTimes() {
        Snapshot s = collect("twoSocketFourNode", List.of(new TaskSourceConfig.Cgroups(List.of("/batch"), null, 1)),
                List.of());
        String json = RecordingWriter.toLine(s);

        assertThat(json).startsWith("{\"sequence\":42,\"time\":\"2026-11-23T10:00:00.123456789Z\",\"platform\":"
                + "{\"sockets\":2,\"dies\":2,\"cores\":16,\"onlineCpus\":\"0-31\",\"isolatedCpus\":\"2-3,18-19\","
                + "\"cpus\":[{\"id\":0,\"socket\":0,\"die\":0,\"core\":0,\"node\":0,\"siblings\":\"0,16\","
                + "\"online\":true,\"isolated\":false},");
        assertThat(json).contains("{\"id\":1,\"cpus\":\"4-7,20-23\",\"memTotalBytes\":67645734912,"
                + "\"memFreeBytes\":42949672960,\"memUsedBytes\":24696061952,\"distances\":[12,10,32,32],"
                + "\"memoryTier\":4}");
        assertThat(json).contains("\"measurements\":{\"memoryBytesPerNode\":{\"0\":0,\"1\":4362076160,\"2\":0,\"3\":0},"
                + "\"memoryUsageBytes\":4362141696,\"memoryLimitBytes\":8589934592,\"memoryMaxUsageBytes\":4362141696,"
                + "\"cpuUsageNanos\":120000000000,\"cpus\":\"4-7,20-23\",\"mems\":\"1\",\"effectiveCpus\":\"4-7,20-23\","
                + "\"effectiveMems\":\"1\",\"memoryMigrate\":false}");
        assertThat(json).contains("\"qos\":\"unknown\"");
    }

    @Test
    void platformCarriesPageSizeAndCgroupVersion() {
        String json = RecordingWriter.toLine(collect("cxlTwoMemoryOnlyNodes", List.of(), List.of()));

        assertThat(json).contains("],\"pageSizeBytes\":4096,\"cgroupVersion\":1},\"kernel\":");
        assertThat(RecordingReader.snapshot(json).platform().cgroupVersion()).isEqualTo(Platform.CGROUP_V1);
    }

    @Test
    void accessCountersRoundTripWithHexAddressesAndOlderRecordingsReadAsNone() {
        Snapshot s = collect("cxlTwoMemoryOnlyNodes", List.of(), List.of()).withAccessCounters(List.of(
                new io.numaagent.api.tracking.AccessCounters("tier-mover", "/batch/a", 101, 1_000, 6_000, 2, List.of(
                        new io.numaagent.api.tracking.RangeCounter(0x7f0000000000L, 512, 3, 0, 0, 1_000, 2),
                        new io.numaagent.api.tracking.RangeCounter(0x7f0000200000L, 512, 0, 0, 7, 2_500,
                                io.numaagent.api.tracking.RangeCounter.NODE_SWAP)))));
        String json = RecordingWriter.toLine(s);
        assertThat(json).endsWith(",\"accessCounters\":[{\"plugin\":\"tier-mover\",\"task\":\"/batch/a\",\"pid\":101,"
                + "\"windowStartMs\":1000,\"windowEndMs\":6000,\"scans\":2,\"ranges\":[{\"start\":\"0x7f0000000000\","
                + "\"pages\":512,\"accesses\":3,\"reads\":0,\"writes\":0,\"sinceMs\":1000,\"node\":2},"
                + "{\"start\":\"0x7f0000200000\",\"pages\":512,\"accesses\":0,\"reads\":0,\"writes\":7,"
                + "\"sinceMs\":2500,\"node\":-1}]}]}");
        assertThat(RecordingReader.snapshot(json)).isEqualTo(s);
        String old = json.substring(0, json.indexOf(",\"accessCounters\"")) + "}";
        assertThat(RecordingReader.snapshot(old).accessCounters()).isEmpty();
    }

    /**
     * How a task's threads run is written where it was read, and a recording without it (made before it was
     * read, or of a run where no plugin declared it) reads as none.
     */
    @Test
    void twoSocketFourNodeThreadSchedulingRoundTripsAndAbsentMeansNone() {
        Snapshot s = collect("twoSocketFourNode", List.of(new TaskSourceConfig.Cgroups(List.of("/batch"), null, 1)),
                List.of());
        Task t = s.tasks().get(0);
        List<ThreadScheduling> seen = List.of(
                new ThreadScheduling(t.cgroupPath(), "batch", 0, 5, List.of(), 0, 0, 0, "idle", 0, 3),
                new ThreadScheduling(t.cgroupPath(), "deadline", 0, 0, List.of("reclaim"), 10_000, 30_000, 30_000,
                        "none", 0, 1));
        Snapshot with = new Snapshot(s.sequence(), s.time(), s.platform(), s.kernel(),
                List.of(t.withThreadScheduling(seen)), s.outcomes(), s.warnings(), s.accessCounters());
        String json = RecordingWriter.toLine(with);
        assertThat(json).contains(",\"threadScheduling\":[{\"cgroupPath\":\"" + t.cgroupPath() + "\",\"policy\":"
                + "\"batch\",\"priority\":0,\"nice\":5,\"flags\":[],\"runtime\":0,\"deadline\":0,\"period\":0,"
                + "\"ioClass\":\"idle\",\"ioPriority\":0,\"threads\":3},");

        assertThat(RecordingReader.snapshot(json)).isEqualTo(with);
        assertThat(RecordingWriter.toLine(s)).doesNotContain("threadScheduling");
        assertThat(RecordingReader.snapshot(RecordingWriter.toLine(s)).tasks().get(0).threadScheduling()).isEmpty();
    }

    /** A recording made before the platform carried them reads as 4 KiB pages (as then assumed), version unknown. */
    @Test
    void olderRecordingsWithoutPageSizeAndCgroupVersionStillRead() {
        Snapshot s = collect("twoSocketFourNode", List.of(new TaskSourceConfig.Cgroups(List.of("/batch"), null, 1)),
                List.of());
        String old = RecordingWriter.toLine(s).replace(",\"pageSizeBytes\":4096,\"cgroupVersion\":2", "");
        assertThat(old).doesNotContain("pageSizeBytes").doesNotContain("cgroupVersion");

        Snapshot read = RecordingReader.snapshot(old);

        assertThat(read.platform().pageSizeBytes()).isEqualTo(4096);
        assertThat(read.platform().cgroupVersion()).isEqualTo(Platform.CGROUP_UNKNOWN);
        assertThat(read.tasks()).isEqualTo(s.tasks());
    }

    /**
     * The CPU weight is written where it was read (cxlTwoMemoryOnlyNodes is cgroup v1: {@code cpu.shares} 1024),
     * and a recording without it (made before it was read, or with no weight file) reads as unknown, -1.
     */
    @Test
    void cxlTwoMemoryOnlyNodesCpuWeightIsWrittenWhenKnownAndAbsentMeansUnknown() {
        Snapshot s = collect("cxlTwoMemoryOnlyNodes", List.of(new TaskSourceConfig.Cgroups(List.of("/batch"), null, 1)),
                List.of());
        String json = RecordingWriter.toLine(s);
        assertThat(s.tasks()).extracting(t -> t.measurements().cpuWeight()).containsOnly(1024L);
        assertThat(json).contains(",\"memoryMigrate\":true,\"cpuWeight\":1024}");

        Snapshot old = RecordingReader.snapshot(json.replace(",\"cpuWeight\":1024", ""));

        assertThat(old.tasks()).extracting(t -> t.measurements().cpuWeight()).containsOnly(-1L);
        assertThat(RecordingWriter.toLine(old)).doesNotContain("cpuWeight");
    }

    /** CPU power settings round-trip; a snapshot without them (no plugin read them, or older) leaves the field out. */
    @Test
    void cpuPowerRoundTripsAndIsLeftOutWhenNothingWasRead() {
        Snapshot plain = collect("laptopOneNode", List.of(), List.of());
        CpuPower power = new CpuPower(List.of(new CpuPowerState(0, true, "intel_pstate", "powersave",
                List.of("performance", "powersave"), 800000, 3900000, 800000, 3900000, 2100000, "balance_performance",
                List.of("default", "performance", "balance_performance", "balance_power", "power"),
                List.of(new IdleState(0, "POLL", false), new IdleState(1, "C6", true)))),
                List.of(new UncoreDomain(0, 0, 800000, 2400000, 800000, 2400000)));
        Snapshot s = plain.withCpuPower(power);

        String json = RecordingWriter.toLine(s);
        Snapshot read = RecordingReader.snapshot(json);

        assertThat(read).isEqualTo(s);
        assertThat(json).contains(",\"cpuPower\":{\"cpus\":[{\"cpu\":0,\"cpufreq\":true,\"driver\":\"intel_pstate\",");
        assertThat(RecordingWriter.toLine(plain)).doesNotContain("cpuPower");
        assertThat(RecordingReader.snapshot(RecordingWriter.toLine(plain)).cpuPower()).isEqualTo(CpuPower.NONE);
    }

    @Test
    void recordingsAreJsonLines() throws IOException {
        Snapshot first = collect("laptopOneNode", List.of(), List.of());
        Snapshot second = collect("cxlTwoMemoryOnlyNodes", List.of(new TaskSourceConfig.Cgroups(List.of("/"), null, 1)),
                everyKindOfOutcome());
        StringWriter out = new StringWriter();
        RecordingWriter recording = new RecordingWriter(out);
        recording.append(first);
        recording.append(second);

        assertThat(out.toString().split("\n", -1)).hasSize(3);
        assertThat(new RecordingReader(new BufferedReader(new StringReader(out + "\n"))).readAll())
                .containsExactly(first, second);
    }

    @Test
    void outcomeRoundTrip() {
        Outcome o = everyKindOfOutcome().get(5);
        String json = RecordingWriter.toLine(o);

        assertThat(json).startsWith("{\"cycle\":41,\"decision\":{\"plugin\":\"tier-mover\"");
        assertThat(json).endsWith("\"status\":\"failed\",\"detail\":\"detail of move-pages\",\"errno\":\"EPERM\","
                + "\"pagesMoved\":512,\"pagesFailed\":3,\"durationNanos\":1500000,\"longestCallNanos\":200000}");
        assertThat(RecordingReader.outcome(json)).isEqualTo(o);
    }

    /** {@code unfinished} is written only when true; a line without it (as all were before it existed) reads as finished. */
    @Test
    void unfinishedOutcomeRoundTrip() {
        Outcome finished = everyKindOfOutcome().get(5);
        Outcome cut = finished.asUnfinished();

        String json = RecordingWriter.toLine(cut);

        assertThat(json).endsWith("\"longestCallNanos\":200000,\"unfinished\":true}");
        assertThat(RecordingReader.outcome(json)).isEqualTo(cut);
        assertThat(RecordingReader.outcome(json).unfinished()).isTrue();
        assertThat(RecordingWriter.toLine(finished)).doesNotContain("unfinished");
        assertThat(RecordingReader.outcome(RecordingWriter.toLine(finished)).unfinished()).isFalse();
    }

    @Test
    void badInputNamesTheField() throws IOException {
        assertThatThrownBy(() -> RecordingReader.decision("{\"plugin\":\"p\",\"task\":\"/a\",\"action\":\"set-cpus\","
                + "\"cpus\":\"0-x\",\"reason\":\"r\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("decision.cpus: ");
        assertThatThrownBy(() -> RecordingReader.decision("{\"plugin\":\"p\",\"task\":\"/a\",\"action\":\"reboot\","
                + "\"reason\":\"r\"}"))
                .hasMessage("decision.action: unknown action \"reboot\"");
        assertThatThrownBy(() -> RecordingReader.decision("{\"plugin\":\"p\",\"action\":\"set-cpus\","
                + "\"cpus\":\"1\",\"reason\":\"r\"}"))
                .hasMessage("decision.task: missing");
        assertThatThrownBy(() -> RecordingReader.decision("{\"plugin\":\"p\",\"task\":\"/a\",\"action\":\"swap-out\","
                + "\"pid\":1,\"ranges\":[{\"start\":\"1000\",\"length\":1}],\"reason\":\"r\"}"))
                .hasMessage("decision.ranges[0].start: expected a hex address \"0x...\"");
        assertThatThrownBy(() -> RecordingReader.decision("not json")).hasMessageStartingWith("not JSON: ");

        String json = RecordingWriter.toLine(collect("laptopOneNode", List.of(), List.of()));
        String broken = json.replace("\"memoryTier\":-1", "\"memoryTier\":\"low\"");
        assertThatThrownBy(() -> RecordingReader.snapshot(broken))
                .hasMessage("snapshot.platform.nodes[0].memoryTier: expected an integer");
        String recording = json + "\n" + json.replace("\"sequence\":42", "\"sequence\":\"x\"") + "\n";
        assertThatThrownBy(() -> new RecordingReader(new BufferedReader(new StringReader(recording))).readAll())
                .hasMessage("line 2: snapshot.sequence: expected an integer");
    }

    @Test
    void everyDecisionRecordHasItsAction() {
        assertThat(List.<Class<?>>copyOf(DecisionReader.BY_ACTION.values()))
                .containsExactlyInAnyOrder(Decision.class.getPermittedSubclasses());
        decisions().map(a -> (Decision) a.get()[0])
                .forEach(d -> assertThat(DecisionReader.BY_ACTION.get(d.action())).isEqualTo(d.getClass()));
    }

    @ParameterizedTest
    @EnumSource(QosClass.class)
    void qosClassesAreLowerCaseWithDashes(QosClass qos) {
        Snapshot s = collect("twoSocketFourNode", List.of(new TaskSourceConfig.Cgroups(List.of("/batch"), null, 1)),
                List.of());
        Task t = s.tasks().get(0);
        Snapshot withQos = new Snapshot(s.sequence(), s.time(), s.platform(), s.kernel(), List.of(new Task(t.id(), t.name(),
                t.cgroupPath(), t.subCgroups(), t.pids(), t.labels(), t.annotations(), t.requested(), qos,
                t.measurements())), s.outcomes(), s.warnings());

        String json = RecordingWriter.toLine(withQos);

        assertThat(json).contains("\"qos\":\"" + qos.name().toLowerCase(Locale.ROOT).replace('_', '-') + "\"");
        assertThat(RecordingReader.snapshot(json)).isEqualTo(withQos);
    }

    @ParameterizedTest
    @EnumSource(Outcome.Status.class)
    void outcomeStatusesAreTheirLabels(Outcome.Status status) {
        Outcome o = Outcome.of(7, new SetNumaBalancing("p", 1, "r"), status, "");

        String json = RecordingWriter.toLine(o);

        assertThat(json).isEqualTo("{\"cycle\":7,\"decision\":{\"plugin\":\"p\",\"action\":\"set-numa-balancing\","
                + "\"mode\":1,\"reason\":\"r\"},\"status\":\"" + status.label() + "\",\"detail\":\"\",\"pagesMoved\":0,"
                + "\"pagesFailed\":0,\"durationNanos\":0,\"longestCallNanos\":0}");
        assertThat(RecordingReader.outcome(json)).isEqualTo(o);
    }

    /** {@code snapshot --pretty}: what Jackson's default pretty printer makes of the line (which it once re-parsed). */
    @Test
    void indentedJsonIsTheLineIndented() throws IOException {
        Snapshot s = collect("cxlTwoMemoryOnlyNodes", List.of(new TaskSourceConfig.Cgroups(List.of("/"), null, 1)),
                everyKindOfOutcome());

        String indented = RecordingWriter.toIndentedJson(s);

        assertThat(indented).startsWith("{\n  \"sequence\" : 42,\n  \"time\" : \"2026-11-23T10:00:00.123456789Z\",\n");
        ObjectMapper plain = new ObjectMapper();
        assertThat(indented).isEqualTo(plain.writerWithDefaultPrettyPrinter()
                .writeValueAsString(plain.readTree(RecordingWriter.toLine(s))));
        assertThat(RecordingReader.snapshot(indented)).isEqualTo(s);
    }

    /**
     * A recording made before a record grew a component still reads, and writing it again keeps
     * every field it had. (A new component needs an entry in RecordingMapper.ABSENT_MEANS saying
     * what its absence means, or this fails naming it as missing.)
     */
    @Test
    void earlierRecordingsStillRead() throws IOException {
        List<String> lines = RecordingReaderTest.recorded();
        List<Snapshot> read;
        try (RecordingReader reader = new RecordingReader(new BufferedReader(new StringReader(String.join("\n", lines))))) {
            read = reader.readAll();
        }

        assertThat(read).extracting(Snapshot::sequence).containsExactly(42L, 42L, 42L);
        assertThat(read).extracting(r -> r.platform().nodes().size()).containsExactly(1, 4, 4);
        ObjectMapper plain = new ObjectMapper();
        for (int i = 0; i < lines.size(); i++) {
            assertHasEveryField(plain.readTree(RecordingWriter.toLine(read.get(i))), plain.readTree(lines.get(i)), "line " + (i + 1));
        }
    }

    private static void assertHasEveryField(JsonNode written, JsonNode recorded, String at) {
        if (recorded.isObject()) {
            recorded.fieldNames().forEachRemaining(f -> {
                assertThat(written.has(f)).as(at + "." + f).isTrue();
                assertHasEveryField(written.get(f), recorded.get(f), at + "." + f);
            });
        } else if (recorded.isArray()) {
            assertThat(written.size()).as(at).isEqualTo(recorded.size());
            for (int i = 0; i < recorded.size(); i++) {
                assertHasEveryField(written.get(i), recorded.get(i), at + "[" + i + "]");
            }
        } else {
            assertThat(written).as(at).isEqualTo(recorded);
        }
    }
}
