package io.numaagent.agenttests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One {@code /metrics} scrape per {@link PluginScenario}, taken once its agent has run three cycles,
 * and shared by the tests of this module (starting the agents is the slow part).
 */
final class BundledPluginScrapes {

    private static final String THIRD_CYCLE = "numa_agent_loop_duration_seconds_count 3.0";
    private static Map<PluginScenario, String> scrapes;

    private BundledPluginScrapes() {
    }

    static synchronized Map<PluginScenario, String> get() throws IOException, InterruptedException {
        if (scrapes == null) {
            Map<PluginScenario, String> taken = new LinkedHashMap<>();
            Path work = Files.createTempDirectory("agent-tests-");
            for (PluginScenario scenario : PluginScenario.ALL) {
                Path dir = Files.createDirectories(work.resolve(scenario.plugin()));
                try (RunningAgent agent = RunningAgent.start(scenario.fixture(), scenario.yaml(), dir)) {
                    taken.put(scenario, agent.scrapeUntil("three cycles", text -> text.contains(THIRD_CYCLE)));
                }
            }
            scrapes = taken;
        }
        return scrapes;
    }
}
