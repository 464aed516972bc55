package io.numaagent.agenttests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One {@code /metrics} scrape per {@link PluginScenario}, taken once its agent has run three cycles
 * (and, with page tracking, once the tier-mover has exported a round's tracked pages),
 * and shared by the tests of this module (starting the agents is the slow part).
 */
final class BundledPluginScrapes {

    private static final java.util.regex.Pattern CYCLES =
            java.util.regex.Pattern.compile("(?m)^numa_agent_loop_duration_seconds_count (\\d+)\\.0$");
    /** With page tracking, the scrape waits for the first round with counters too. */
    private static final String TRACKED_PAGES = "tier_mover_task_tracked_pages{";
    private static Map<PluginScenario, String> scrapes;

    private BundledPluginScrapes() {
    }

    /** Cycles the scraped agent has run (0 before the first). */
    static int cycles(String scrape) {
        java.util.regex.Matcher m = CYCLES.matcher(scrape);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    static synchronized Map<PluginScenario, String> get() throws IOException, InterruptedException {
        if (scrapes == null) {
            Map<PluginScenario, String> taken = new LinkedHashMap<>();
            Path work = Files.createTempDirectory("agent-tests-");
            for (PluginScenario scenario : PluginScenario.ALL) {
                Path dir = Files.createDirectories(work.resolve(scenario.plugin()));
                try (RunningAgent agent = RunningAgent.start(scenario.tree(dir), scenario.yaml(), dir)) {
                    taken.put(scenario, agent.scrapeUntil("three cycles" + (scenario.pageTracking()
                            ? " and tracked pages" : ""), text -> cycles(text) >= 3
                            && (!scenario.pageTracking() || text.contains(TRACKED_PAGES))));
                }
            }
            scrapes = taken;
        }
        return scrapes;
    }
}
