package io.numaagent.plugins.tiermover.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.numaagent.api.plugin.ConfigException;
import io.numaagent.api.tracking.TrackerSpec;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

/**
 * memtierd policy configs as users write them (the e2e tests' parameters, nested {@code config: |}
 * strings, JSON strings, direct mappings) and what they read as; and memtierd's validations, each an
 * error naming the key path.
 */
class PolicyReaderTest {

    static PolicySettings read(String yaml) {
        Map<String, Object> root = new Yaml().load(yaml);
        return PolicyReader.read(root.get("policy"));
    }

    static final TrackerSpec.IdlePage IDLEPAGE_DEFAULTS = new TrackerSpec.IdlePage(512, 1, 5000, 10_000, 0, 0, 0);

    static Stream<Arguments> configs() {
        return Stream.of(
                Arguments.of("ageIdlepageMoveAsMemtierdsE2e", """
                        policy:
                          name: age
                          config: |
                            intervalms: 5000
                            pidwatcher:
                              name: cgroups
                              config: |
                                cgroups:
                                  - /sys/fs/cgroup/e2e-meme
                            tracker:
                              name: idlepage
                              config: |
                                pagesinregion: 512
                                maxcountperregion: 1
                                scanintervalms: 5000
                            mover:
                              intervalms: 20
                              bandwidth: 200
                            idledurationms: 8000
                            idlenumas: [3]
                            activedurationms: 6000
                            activenumas: [1]
                        """, new PolicySettings.Age(new TaskSelector.Cgroups(List.of("/e2e-meme")), IDLEPAGE_DEFAULTS,
                        new MoverSettings(20, 200), 5000, 0, 8000, List.of(3), 6000, List.of(1))),
                Arguments.of("heatSwapAsJsonStringsWithGoFieldNames", """
                        policy:
                          name: heat
                          config: '{"IntervalMs":4000,"PidWatcher":{"Name":"pidlist","Config":"{\\"Pids\\":[42]}"},
                            "Tracker":{"Name":"softdirty","Config":"{\\"ScanIntervalMs\\":500}"},
                            "Heatmap":{"HeatMax":0.01,"HeatRetention":0,"HeatClasses":5},"HeatNumas":{"0":[-1]}}'
                        """, new PolicySettings.Heat(new TaskSelector.Pids(Set.of(42)),
                        new TrackerSpec.SoftDirty(512, 1, 500, 10_000, 0, 0), new HeatmapSettings(0.01, 0, 5),
                        MoverSettings.DEFAULTS, 4000, Map.of(0, List.of(-1)), Map.of(), "fill-fast-free")),
                Arguments.of("heatAsAMappingWithNumaSizes", """
                        policy:
                          name: heat
                          config:
                            intervalms: 4000
                            pidwatcher: {name: proc}
                            tracker: {name: idlepage}
                            heatmap: {heatmax: 0.01, heatretention: 0.8, heatclasses: 4}
                            heatnumas: {0: [2, 3], 3: [0, 1]}
                            numasize: {0: 1G, 2: 200M, 3: 25%}
                        """, new PolicySettings.Heat(new TaskSelector.AllTasks(), IDLEPAGE_DEFAULTS,
                        new HeatmapSettings(0.01, 0.8, 4), MoverSettings.DEFAULTS, 4000,
                        Map.of(0, List.of(2, 3), 3, List.of(0, 1)),
                        Map.of(0, new MemorySize(1L << 30, -1), 2, new MemorySize(200L << 20, -1), 3, new MemorySize(-1, 25)),
                        "fill-fast-free")),
                Arguments.of("ratioDefaultsIntervalTrackerAndSwapTarget", """
                        policy:
                          name: ratio
                          config: |
                            ratio: 0.3
                            pidwatcher:
                              name: cgroups
                              config: '{"Cgroups": ["/sys/fs/cgroup/cpuset/batch/"]}'
                        """, new PolicySettings.Ratio(new TaskSelector.Cgroups(List.of("/batch")), IDLEPAGE_DEFAULTS,
                        MoverSettings.DEFAULTS, 5000, 0.3, -1)),
                Arguments.of("ratioFinderToNodeThree", """
                        policy:
                          name: ratio
                          config:
                            intervalms: 1000
                            ratio: 1.0
                            ratiotargets: [3, 2]
                            pidwatcher: {name: cgroups, config: {cgroups: [/kubepods.slice]}}
                            tracker: {name: finder, config: {reportaccesses: 42, pagemapbitpresent: true}}
                            mover: {bandwidth: 500}
                        """, new PolicySettings.Ratio(new TaskSelector.Cgroups(List.of("/kubepods.slice")),
                        new TrackerSpec.Finder(5000, 42, true, null, null), new MoverSettings(10, 500), 1000, 1.0, 3)),
                Arguments.of("demoteIdleWithProcWatcher", """
                        policy:
                          name: demote-idle
                          config: |
                            intervalms: 2000
                            idlenumas: [2]
                            pidwatcher:
                              name: proc
                              config: ""
                        """, new PolicySettings.DemoteIdle(new TaskSelector.AllTasks(),
                        new TrackerSpec.IdlePage(512, 1, 2000, 10_000, 0, 0, 0), MoverSettings.DEFAULTS, 2000, 2)),
                Arguments.of("avoidOomBytesWatermarks", """
                        policy:
                          name: avoid-oom
                          config:
                            intervalms: 1000
                            startfreeingmemory: 256M
                            stopfreeingmemory: 264M
                            cgroups: [/sys/fs/cgroup/workloads]
                        """, new PolicySettings.AvoidOom(new TaskSelector.Cgroups(List.of("/workloads")),
                        new TrackerSpec.Finder(0, 0, null, null, null), MoverSettings.DEFAULTS, 1000,
                        new MemorySize(256L << 20, -1), new MemorySize(264L << 20, -1))),
                Arguments.of("heatDamonMultiAndFilterWatcher", """
                        policy:
                          name: heat
                          config:
                            intervalms: 4000
                            movemode: no-limits
                            pidwatcher:
                              name: filter
                              config:
                                source: {name: proc}
                                filters: [{procexeregexp: ".*/meme", minvmrsskb: 1024}]
                            tracker:
                              name: multi
                              config:
                                trackers:
                                  - {name: damon, config: {kdamondslist: [3, 4], nrkdamonds: 8, sysfsregionsmanager: 1}}
                                  - {name: softdirty, config: {scanintervalms: 5000, skippageprob: 500}}
                            heatnumas: {1: [0]}
                        """, new PolicySettings.Heat(new TaskSelector.Filtered(new TaskSelector.AllTasks(),
                        List.of(new TaskSelector.TaskFilter(null, 1 << 20, List.of(), List.of(), null))),
                        new TrackerSpec.Multi(List.of(
                                new TrackerSpec.Damon(5000, 100_000, 1_000_000, 10, 1000, 33_554_432, List.of(3, 4), 8, false, true),
                                new TrackerSpec.SoftDirty(512, 1, 5000, 10_000, 500, 0))),
                        HeatmapSettings.DEFAULTS, MoverSettings.DEFAULTS, 4000, Map.of(1, List.of(0)), Map.of(), "no-limits")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void readsMemtierdConfigs(String name, String yaml, PolicySettings expected) {
        PolicySettings s = read(yaml);
        if (expected instanceof PolicySettings.Heat h && h.selector() instanceof TaskSelector.Filtered f) {
            // a Pattern has no equals: compare the filter's pattern text apart
            TaskSelector.Filtered got = (TaskSelector.Filtered) s.selector();
            assertThat(got.anyOf().get(0).exe().pattern()).isEqualTo(".*/meme");
            assertThat(got.anyOf().get(0).minRssBytes()).isEqualTo(f.anyOf().get(0).minRssBytes());
            assertThat(s).usingRecursiveComparison().ignoringFields("selector").isEqualTo(expected);
            return;
        }
        assertThat(s).isEqualTo(expected);
    }

    static Stream<Arguments> badConfigs() {
        return Stream.of(
                Arguments.of("unknownPolicy", "policy: {name: hot}", "policy.name",
                        "unknown policy 'hot'; expected one of age, heat, ratio, demote-idle, avoid-oom"),
                Arguments.of("ageWithoutInterval", "policy: {name: age, config: {pidwatcher: {name: proc}, tracker: {name: idlepage}}}",
                        "policy.config.intervalms", "'intervalms' is required: milliseconds between rounds, above 0"),
                Arguments.of("ageWithoutTracker", "policy: {name: age, config: {intervalms: 5000, pidwatcher: {name: proc}}}",
                        "policy.config.tracker", "'tracker' is required: {name, config}, name one of idlepage, softdirty, damon, finder, multi"),
                Arguments.of("ageDeprecatedCgroups", "policy: {name: age, config: {intervalms: 5000, cgroups: [/a]}}",
                        "policy.config.cgroups", "'cgroups' in the age policy is deprecated (memtierd refuses it too): "
                                + "use pidwatcher {name: cgroups, config: {cgroups: [...]}}"),
                Arguments.of("scanIntervalZeroPanicsMemtierd", """
                        policy:
                          name: age
                          config: |
                            intervalms: 5000
                            pidwatcher: {name: proc}
                            tracker: {name: softdirty, config: '{"ScanIntervalMs": 0}'}
                        """, "policy.config.tracker.config.ScanIntervalMs", "0 is out of range [1, 86400000]"),
                Arguments.of("trackerKeyTypo", "policy: {name: ratio, config: {ratio: 0.5, pidwatcher: {name: proc}, "
                        + "tracker: {name: idlepage, config: {PagesInRegon: 4}}}}", "policy.config.tracker.config.PagesInRegon",
                        "unknown key 'PagesInRegon'; known keys: pagesinregion, maxcountperregion, scanintervalms, "
                                + "regionsupdatems, pagemapreadahead, kpageflagsreadahead, bitmapreadahead"),
                Arguments.of("sameKeyTwiceInTwoCases", "policy: {name: ratio, config: '{\"Ratio\": 0.5, \"ratio\": 0.4}'}",
                        "policy.config.ratio", "key 'ratio' is given twice (keys are case-insensitive)"),
                Arguments.of("heatForecaster", "policy: {name: heat, config: {intervalms: 1, forecaster: {name: stdio}}}",
                        "policy.config.forecaster", "heat forecasters are not supported: they run commands and write files, "
                                + "which a plugin does not do"),
                Arguments.of("heatNumaSizeUnit", "policy: {name: heat, config: {intervalms: 1, numasize: {2: 1 GiB}}}",
                        "policy.config.numasize.2", "must be a size like 200M, 1G or 512k (powers of 1024), or a percentage "
                                + "like 8%; got \"1 GiB\""),
                Arguments.of("heatClassNotANumber", "policy: {name: heat, config: {intervalms: 1, heatnumas: {hot: [0]}}}",
                        "policy.config.heatnumas.hot", "the key must be a heat class number, got \"hot\""),
                Arguments.of("heatmapMaxZero", "policy: {name: heat, config: {intervalms: 1, pidwatcher: {name: proc}, tracker: {name: idlepage}, heatmap: {heatmax: 0}}}",
                        "policy.config.heatmap.heatmax", "'heatmax' must be above 0 (memtierd puts every range in class 0 then)"),
                Arguments.of("moverMovesNothing", "policy: {name: ratio, config: {ratio: 0.5, pidwatcher: {name: proc}, mover: {intervalms: 3, bandwidth: 1}}}",
                        "policy.config.mover", "bandwidth 1 MB/s at intervalms 3 moves less than one 4 KiB page per step; "
                                + "raise one of them"),
                Arguments.of("ratioMissing", "policy: {name: ratio, config: {pidwatcher: {name: proc}}}", "policy.config.ratio",
                        "'ratio' is required: the share (0 < ratio <= 1) of each process's memory to move"),
                Arguments.of("ratioZero", "policy: {name: ratio, config: {ratio: 0}}", "policy.config.ratio", "'ratio' must be above 0"),
                Arguments.of("demoteIdlePagesOfInterest", "policy: {name: demote-idle, config: {intervalms: 1, idlenumas: [2], "
                        + "pagesofinterestdir: /run/poi}}", "policy.config.pagesofinterestdir",
                        "'pagesofinterestdir' is not supported: a plugin reads no files; select the processes with 'pidwatcher'"),
                Arguments.of("damonDebugfs", "policy: {name: ratio, config: {ratio: 1, pidwatcher: {name: proc}, "
                        + "tracker: {name: damon, config: {interface: 2, kdamondslist: [0]}}}}", "policy.config.tracker.config.interface",
                        "'interface' 2 (debugfs) is not supported; DAMON is driven through sysfs (/sys/kernel/mm/damon/admin): use 0 or 1"),
                Arguments.of("damonWithoutKdamonds", "policy: {name: ratio, config: {ratio: 1, pidwatcher: {name: proc}, "
                        + "tracker: {name: damon}}}", "policy.config.tracker.config.kdamondslist",
                        "'kdamondslist' is required: the kdamond ids (under /sys/kernel/mm/damon/admin/kdamonds) this tracker may use"),
                Arguments.of("filterOnPrivateDirty", "policy: {name: ratio, config: {ratio: 1, pidwatcher: {name: filter, config: "
                        + "{source: {name: proc}, filters: [{minprivatedirtykb: 10}]}}}}",
                        "policy.config.pidwatcher.config.filters[0].minprivatedirtykb",
                        "'minprivatedirtykb' is not supported: the snapshot carries a task's resident memory only; use "
                                + "'minvmrsskb' (or the runner's processes task source, min_rss)"),
                Arguments.of("relativeCgroup", "policy: {name: ratio, config: {ratio: 1, pidwatcher: {name: cgroups, config: "
                        + "{cgroups: [batch]}}}}", "policy.config.pidwatcher.config.cgroups[0]",
                        "must be an absolute cgroup directory (/sys/fs/cgroup/...) or a path below the cgroup root (/...), got \"batch\""),
                Arguments.of("avoidOomStopBelowStart", "policy: {name: avoid-oom, config: {intervalms: 1000, cgroups: [/a], "
                        + "startfreeingmemory: 20%, stopfreeingmemory: 10%}}", "policy.config.stopfreeingmemory",
                        "'stopfreeingmemory' (10.0%) must not be below 'startfreeingmemory' (20.0%)"),
                Arguments.of("nestedYamlSyntax", "policy:\n  name: age\n  config: |\n    intervalms: 5000\n      tracker: x\n",
                        "policy.config", "line 2, column 3 of this nested config: unexpected indentation"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badConfigs")
    void memtierdValidationsAreErrorsAtTheKeyPath(String name, String yaml, String key, String message) {
        assertThatThrownBy(() -> read(yaml)).isInstanceOfSatisfying(ConfigException.class, e -> {
            assertThat(e.key()).isEqualTo(key);
            assertThat(e).hasMessage(message);
        });
    }
}
