package io.numaagent.plugins.tiermover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.MovePages;
import io.numaagent.api.decision.Outcome;
import io.numaagent.api.decision.PageRange;
import io.numaagent.api.plugin.ConfigException;
import io.numaagent.api.plugin.Plugin;
import io.numaagent.api.plugin.PluginConfig;
import io.numaagent.api.plugin.PluginContext;
import io.numaagent.api.plugin.PluginFactory;
import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.api.testing.InMemoryMetrics;
import io.numaagent.api.testing.RecordingLogger;
import io.numaagent.api.testing.RecordingPluginContext;
import io.numaagent.api.testing.TestMachine;
import io.numaagent.api.tracking.AccessCounters;
import io.numaagent.api.tracking.RangeCounter;
import io.numaagent.api.tracking.TrackerSpec;
import io.numaagent.api.tracking.TrackingRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.yaml.snakeyaml.Yaml;

/**
 * The plugin through its factory on cxlTwoMemoryOnlyNodes: /batch/a (pid 101) is under the cgroup the
 * pid watcher names, /batch/b (pid 201) is not. The heat policy runs every 4 s; snapshots carry what the
 * runner's tracker counted since the previous one.
 */
class TierMoverPluginTest {

    static final long PS = 4096;
    static final long BASE = 0x7f0000000000L;

    static final String HEAT = """
            policy:
              name: heat
              config: |
                intervalms: 4000
                pidwatcher:
                  name: cgroups
                  config: |
                    cgroups: [/sys/fs/cgroup/batch/a]
                tracker:
                  name: idlepage
                  config: |
                    pagesinregion: 512
                    scanintervalms: 1000
                heatmap: {heatmax: 0.01, heatretention: 0, heatclasses: 2}
                heatnumas: {0: [3], 1: [0]}
            """;

    @TempDir
    Path state;

    /** The recording context with a real state directory. */
    final class Context implements PluginContext {
        final RecordingPluginContext recording = new RecordingPluginContext("tier-mover");

        @Override
        public String instanceName() {
            return "tier-mover";
        }

        @Override
        public Clock clock() {
            return recording.clock();
        }

        @Override
        public RecordingLogger log() {
            return recording.log();
        }

        @Override
        public InMemoryMetrics metrics() {
            return recording.metrics();
        }

        @Override
        public Path stateDirectory() {
            return state;
        }
    }

    final Context context = new Context();
    final TierMoverPluginFactory factory = new TierMoverPluginFactory();

    @SuppressWarnings("unchecked")
    Plugin plugin(String yaml) {
        Map<String, Object> raw = new Yaml().load(yaml);
        return factory.create(PluginConfig.of(factory.configKeys(), raw), context);
    }

    static TestMachine machine() {
        TestMachine m = TestMachine.cxlTwoMemoryOnlyNodes();
        m.task("/batch/a").pids(101);
        m.task("/batch/b").pids(201);
        return m;
    }

    /** A snapshot at {@code ms} whose counters are a hot (6 accesses) and a cold 512-page range of pid 101, on node 0. */
    static Snapshot snapshot(long seq, long ms, List<Outcome> outcomes, long hotAccesses) {
        return snapshot(seq, ms, outcomes, hotAccesses, 0);
    }

    /** The same, with the cold range on {@code coldNode}. */
    static Snapshot snapshot(long seq, long ms, List<Outcome> outcomes, long hotAccesses, int coldNode) {
        AccessCounters a = new AccessCounters("tier-mover", "/batch/a", 101, ms - 1000, ms, 1, List.of(
                new RangeCounter(BASE, 512, hotAccesses, 0, 0, ms - 1000, 0),
                new RangeCounter(BASE + 512 * PS, 512, 0, 0, 0, ms - 1000, coldNode)));
        AccessCounters other = new AccessCounters("tier-mover", "/batch/b", 201, ms - 1000, ms, 1,
                List.of(new RangeCounter(BASE, 512, 0, 0, 0, ms - 1000, 0)));
        return machine().snapshot(seq, Instant.ofEpochMilli(ms), outcomes, List.of()).withAccessCounters(List.of(a, other));
    }

    @Test
    void serviceLoaderFindsTheFactoryByName() {
        List<String> names = ServiceLoader.load(PluginFactory.class).stream().map(p -> p.get().name()).toList();
        assertThat(names).contains("tier-mover");
    }

    @Test
    void cxlTwoMemoryOnlyNodesTrackerAndTrackedTasksFollowThePolicyConfig() {
        Plugin p = plugin(HEAT);

        assertThat(p.tracker()).contains(new TrackerSpec.IdlePage(512, 1, 1000, 10_000, 0, 0, 0));
        assertThat(p.tracking(snapshot(1, 1000, List.of(), 6)))
                .contains(new TrackingRequest(new TrackerSpec.IdlePage(512, 1, 1000, 10_000, 0, 0, 0), Set.of("/batch/a")));
        // no mover: in the config, so memtierd's mover defaults (10 ms, 100 MB/s) pace its moves in the executor
        assertThat(p.moverLimit()).contains(new io.numaagent.api.decision.MoverLimit(100L << 20, 10));
    }

    @Test
    void cxlTwoMemoryOnlyNodesRoundsEveryIntervalOverTheCountersInBetween() throws Exception {
        Plugin p = plugin(HEAT);

        // first round at once: 6 accesses in 512 pages is the hot class (node 0, where it is); the cold range to node 3
        assertThat(p.decide(snapshot(1, 10_000, List.of(), 6))).extracting(Decision::reason)
                .containsExactly("heat: 512 pages to node 3");
        // 1 s and 2 s later: no round (the counters add up), 3.7 s later is close enough to 4 s
        assertThat(p.decide(snapshot(2, 11_000, List.of(), 3, 3))).isEmpty();
        assertThat(p.decide(snapshot(3, 12_000, List.of(), 3, 3))).isEmpty();
        List<Decision> third = p.decide(snapshot(4, 13_700, List.of(), 0, 3));
        assertThat(third).isEmpty();
        // the heatmap dump of the last round: the hot range got 3+3+0 accesses since the previous round
        assertThat(Files.readString(state.resolve("heatmap.txt"))).isEqualTo("""
                heatmap:
                pid: 101: 0 {7f0000000000-7f0000200000(512),0.010000,10000000000,3.700000s} (class 1)
                pid: 101: 1 {7f0000200000-7f0000400000(512),0.000000,10000000000,3.700000s} (class 0)
                """);
        InMemoryMetrics m = context.metrics();
        assertThat(m.value(TierMoverMetrics.TRACKED, "/batch/a", "0")).isEqualTo(512.0);
        assertThat(m.value(TierMoverMetrics.TRACKED, "/batch/a", "3")).isEqualTo(512.0);
        assertThat(m.value(TierMoverMetrics.ACCESSED, "/batch/a")).isEqualTo(512.0);
        assertThat(m.value(TierMoverMetrics.HEAT_CLASS, "/batch/a", "1")).isEqualTo(512.0);
        assertThat(m.value(TierMoverMetrics.HEAT_CLASS, "/batch/a", "0")).isEqualTo(512.0);
        assertThat(m.value(TierMoverMetrics.SCAN, "/batch/a")).isEqualTo(1.0);
        assertThat(m.value(TierMoverMetrics.ROUNDS)).isEqualTo(2.0);
        assertThat(m.of(TierMoverMetrics.TRACKED)).doesNotContainKey("/batch/b,0");
    }

    @Test
    void cxlTwoMemoryOnlyNodesUnfinishedMoveIsAskedAgainAndHoldsNewMovesBack() {
        Plugin p = plugin(HEAT);
        List<Decision> first = p.decide(snapshot(1, 10_000, List.of(), 6));
        MovePages move = (MovePages) first.get(0);
        Outcome partly = new Outcome(1, move, Outcome.Status.APPLIED,
                "moved 100 of 512 pages found so far to node 3 (queried 100 of 512 pages), rest next cycle "
                        + "(migration time of 10000 ms used up)", null, 100, 0, 0, 0, true);

        // the next round's hot range is now cold too, but the unfinished move goes first and alone
        List<Decision> second = p.decide(snapshot(2, 14_000, List.of(partly), 0, 3));
        assertThat(second).containsExactly(move);
        assertThat(context.metrics().value(TierMoverMetrics.PENDING)).isEqualTo(1.0);
        assertThat(context.metrics().value(TierMoverMetrics.MOVED, "/batch/a", "3")).isEqualTo(100.0);
        assertThat(context.metrics().value(TierMoverMetrics.MOVED_TOTAL, "3")).isEqualTo(100.0);

        // finished: the next round moves again
        Outcome done = new Outcome(2, move, Outcome.Status.APPLIED, "moved 412 of 412 pages to node 3", null, 412, 0, 0, 0);
        List<Decision> third = p.decide(snapshot(3, 18_000, List.of(done), 0, 3));
        assertThat(third).extracting(d -> ((MovePages) d).ranges()).containsExactly(List.of(new PageRange(BASE, 512 * PS)));
        assertThat(context.metrics().value(TierMoverMetrics.MOVED, "/batch/a", "3")).isEqualTo(512.0);
        assertThat(context.metrics().value(TierMoverMetrics.PENDING)).isEqualTo(0.0);
    }

    /**
     * Whether an outcome's decision is asked again is the executor's {@code unfinished} flag, not its text:
     * the words are for people and may change.
     */
    @ParameterizedTest(name = "{0} / unfinished={1}: asked again {2}")
    @CsvSource(delimiter = '|', value = {
        "APPLIED  | true  | true  | moved 100 of 512 pages found so far to node 3 (queried 100 of 512 pages)",
        "REJECTED | true  | true  | no time left in this cycle",
        "APPLIED  | false | false | moved 100 of 512 pages found so far to node 3, rest next cycle (time used up)",
        "REJECTED | false | false | migration time of this cycle (10 ms) used up; next cycle",
        "FAILED   | false | false | move_pages of pid 101: EPERM (Operation not permitted)",
    })
    void cxlTwoMemoryOnlyNodesUnfinishedFlagDecidesWhatIsAskedAgain(Outcome.Status status, boolean unfinished,
                                                                   boolean askedAgain, String detail) {
        Plugin p = plugin(HEAT);
        MovePages move = (MovePages) p.decide(snapshot(1, 10_000, List.of(), 6)).get(0);
        Outcome o = new Outcome(1, move, status, detail, null, 100, 0, 0, 0, unfinished);

        // one second later: no round is due, so only a resumed move can be decided
        List<Decision> next = p.decide(snapshot(2, 11_000, List.of(o), 0, 3));

        assertThat(next.contains(move)).isEqualTo(askedAgain);
        assertThat(context.metrics().value(TierMoverMetrics.PENDING)).isEqualTo(askedAgain ? 1.0 : 0.0);
    }

    @Test
    void cxlTwoMemoryOnlyNodesCountedSeriesHoldTheLatestCountsBetweenScans() {
        Plugin p = plugin(HEAT);
        p.decide(snapshot(1, 10_000, List.of(), 6));
        assertThat(context.metrics().value(TierMoverMetrics.TRACKED, "/batch/a", "0")).isEqualTo(1024.0);

        // a round whose snapshot carries no counters (the tracker scans less often): the series stay
        Snapshot noCounters = machine().snapshot(2, Instant.ofEpochMilli(14_000), List.of(), List.of());
        p.decide(noCounters);
        assertThat(context.metrics().value(TierMoverMetrics.ROUNDS)).isEqualTo(2.0);
        assertThat(context.metrics().value(TierMoverMetrics.TRACKED, "/batch/a", "0")).isEqualTo(1024.0);
        assertThat(context.metrics().value(TierMoverMetrics.ACCESSED, "/batch/a")).isEqualTo(512.0);
        assertThat(context.metrics().value(TierMoverMetrics.HEAT_CLASS, "/batch/a", "1")).isEqualTo(512.0);

        // the next counted round replaces them: the cold range is on node 3 now
        p.decide(snapshot(3, 18_000, List.of(), 6, 3));
        assertThat(context.metrics().value(TierMoverMetrics.TRACKED, "/batch/a", "0")).isEqualTo(512.0);
        assertThat(context.metrics().value(TierMoverMetrics.TRACKED, "/batch/a", "3")).isEqualTo(512.0);
    }

    @Test
    void cxlTwoMemoryOnlyNodesATaskThatLeavesLosesItsSeries() {
        Plugin p = plugin(HEAT);
        p.decide(snapshot(1, 10_000, List.of(), 6));
        assertThat(context.metrics().of(TierMoverMetrics.TRACKED)).containsKey("/batch/a,0");

        Snapshot gone = TestMachine.cxlTwoMemoryOnlyNodes().snapshot(2, Instant.ofEpochMilli(14_000));
        assertThat(p.decide(gone)).isEmpty();
        assertThat(context.metrics().of(TierMoverMetrics.TRACKED)).isEmpty();
        assertThat(context.metrics().of(TierMoverMetrics.HEAT_CLASS)).isEmpty();
        assertThat(context.metrics().of(TierMoverMetrics.SCAN)).isEmpty();
        assertThat(context.metrics().of(TierMoverMetrics.MOVED)).isEmpty();
        assertThat(context.metrics().of(TierMoverMetrics.SWAPPED)).isEmpty();
    }

    @Test
    void cxlTwoMemoryOnlyNodesMovedAndSwappedSeriesStartAtZero() {
        Plugin p = plugin(HEAT);
        assertThat(context.metrics().value(TierMoverMetrics.SWAPPED_TOTAL)).isEqualTo(0.0);

        // the first round decides a move, but nothing is moved before its outcome: every series is there, at 0
        assertThat(p.decide(snapshot(1, 10_000, List.of(), 6))).hasSize(1);
        InMemoryMetrics m = context.metrics();
        for (String node : List.of("0", "1", "2", "3")) {
            assertThat(m.value(TierMoverMetrics.MOVED_TOTAL, node)).as("moved to node " + node).isEqualTo(0.0);
            assertThat(m.value(TierMoverMetrics.MOVED, "/batch/a", node)).as("/batch/a to node " + node).isEqualTo(0.0);
        }
        assertThat(m.value(TierMoverMetrics.SWAPPED, "/batch/a")).isEqualTo(0.0);
        assertThat(m.of(TierMoverMetrics.MOVED)).hasSize(4);
        assertThat(m.of(TierMoverMetrics.SWAPPED)).hasSize(1);
    }

    @Test
    void cxlTwoMemoryOnlyNodesPolicyIsRequiredAndRoutinesAreRefused() {
        assertThatThrownBy(() -> factory.create(PluginConfig.defaults(factory.configKeys()), context))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("policy"));
        assertThatThrownBy(() -> PluginConfig.of(factory.configKeys(),
                Map.of("routines", List.of(Map.of("name", "statactions")))))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("routines"));
    }

    @Test
    void cxlTwoMemoryOnlyNodesAgeWritesNoHeatmap() {
        Plugin p = plugin("""
                policy:
                  name: age
                  config: {intervalms: 5000, pidwatcher: {name: proc}, tracker: {name: idlepage}, idledurationms: 8000, idlenumas: [3]}
                """);
        p.decide(snapshot(1, 10_000, List.of(), 6));
        assertThat(state.resolve("heatmap.txt")).doesNotExist();
    }

    @Test
    void cxlTwoMemoryOnlyNodesSwapOutCutByTheCyclesMigrationTimeIsAskedAgain() {
        Plugin p = plugin(HEAT.replace("heatnumas: {0: [3], 1: [0]}", "heatnumas: {0: [-1]}"));
        List<Decision> first = p.decide(snapshot(1, 10_000, List.of(), 6));
        assertThat(first).hasSize(1).first().isInstanceOf(io.numaagent.api.decision.SwapOut.class);
        Outcome cut = new Outcome(1, first.get(0), Outcome.Status.APPLIED, "paged out 1048576 of 2097152 bytes of pid 101; "
                + "migration time of this cycle used up, 1048576 bytes not paged out", null, 256, 0, 0, 0, true);

        assertThat(p.decide(snapshot(2, 11_000, List.of(cut), 6))).containsExactly(first.get(0));
        assertThat(context.metrics().value(TierMoverMetrics.SWAPPED, "/batch/a")).isEqualTo(256.0);
        assertThat(context.metrics().value(TierMoverMetrics.SWAPPED_TOTAL)).isEqualTo(256.0);
    }
}
