package io.numaagent.agenttests;

import io.numaagent.runner.tracking.TrackedFixture;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One bundled plugin running alone in dry-run over a fixture tree, configured so that it has tasks to
 * work on and so exports its series.
 *
 * @param plugin  the plugin's name
 * @param fixture the machine's fixture name (see {@link RunningAgent#fixture})
 * @param yaml    the agent config, without its {@code telemetry:} block
 * @param pageTracking whether the tree also needs the files page trackers read (then it is written
 *                     into the work directory: the committed trees have no pagemap or kernel config)
 */
record PluginScenario(String plugin, String fixture, String yaml, boolean pageTracking) {

    static final List<PluginScenario> ALL = List.of(
            new PluginScenario("numa-allocator", "twoSocketFourNode", """
                    task_sources:
                      - {type: cgroups, parents: [/batch, /kubepods], depth: 1}
                    plugins:
                      - {name: numa-allocator, interval: 1s}
                    executor:
                      owners: {cpus: numa-allocator, memory: numa-allocator, numa-balancing: numa-allocator}
                    """, false),
            new PluginScenario("topology-aware", "twoSocketFourNode", """
                    task_sources:
                      - type: static
                        tasks:
                          - {cgroup: /kubepods/pod123, qos: guaranteed, resources: {cpu_request: 2, cpu_limit: 2, memory_request: 1Gi, memory_limit: 1Gi}}
                          - {cgroup: /batch/a, qos: burstable, resources: {cpu_request: 1, cpu_limit: 2, memory_request: 100Mi, memory_limit: 200Mi}}
                          - {cgroup: /batch/b, qos: best-effort}
                    plugins:
                      - {name: topology-aware, interval: 1s}
                    executor:
                      owners: {cpus: topology-aware, memory: topology-aware}
                    """, false),
            new PluginScenario("tier-mover", "cxlTwoMemoryOnlyNodes", """
                    task_sources:
                      - {type: cgroups, parents: [/batch], depth: 1}
                    plugins:
                      - name: tier-mover
                        interval: 1s
                        config:
                          policy:
                            name: heat
                            config: |
                              intervalms: 1000
                              pidwatcher: {name: cgroups, config: {cgroups: [/batch]}}
                              tracker: {name: softdirty}
                              heatmap: {heatmax: 0.01, heatretention: 0.8, heatclasses: 4}
                              heatnumas: {0: [2], 2: [0]}
                    """, true));

    /** Pages of each /batch/a process: 64 on node 0, 32 on CXL node 2. */
    static final int PAGES_ON_NODE0 = 64;
    static final int PAGES_ON_NODE2 = 32;

    /**
     * The host tree to run over: the committed fixture tree, or, for page tracking, the same machine
     * written under {@code workDir} by {@link TrackedFixture} with /batch/a's two processes (3001, 3002)
     * each mapping {@link #PAGES_ON_NODE0} soft-dirty pages on node 0 and {@link #PAGES_ON_NODE2} on node 2
     * (one mapping per node).
     */
    Path tree(Path workDir) {
        if (!pageTracking) {
            return RunningAgent.fixture(fixture);
        }
        Path dir = workDir.resolve("host");
        Map<Integer, Integer> pages = Map.of(0, PAGES_ON_NODE0, 2, PAGES_ON_NODE2);
        TrackedFixture.write(fixture, dir, Map.of(3001, pages, 3002, pages));
        return dir;
    }

    @Override
    public String toString() {
        return plugin + " over " + fixture;
    }
}
