package io.numaagent.agenttests;

import java.util.List;

/**
 * One bundled plugin running alone in dry-run over a fixture tree, configured so that it has tasks to
 * work on and so exports its series.
 *
 * @param plugin  the plugin's name
 * @param fixture the fixture tree (see {@link RunningAgent#fixture})
 * @param yaml    the agent config, without its {@code telemetry:} block
 */
record PluginScenario(String plugin, String fixture, String yaml) {

    static final List<PluginScenario> ALL = List.of(
            new PluginScenario("numa-allocator", "twoSocketFourNode", """
                    task_sources:
                      - {type: cgroups, parents: [/batch, /kubepods], depth: 1}
                    plugins:
                      - {name: numa-allocator, interval: 1s}
                    executor:
                      owners: {cpus: numa-allocator, memory: numa-allocator, numa-balancing: numa-allocator}
                    """),
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
                    """),
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
                    """));

    @Override
    public String toString() {
        return plugin + " over " + fixture;
    }
}
