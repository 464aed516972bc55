package io.numaagent.agenttests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/METRICS.md against what the agent exports with each bundled plugin over the fixture trees
 * (numa-allocator and topology-aware over twoSocketFourNode, tier-mover over cxlTwoMemoryOnlyNodes).
 */
class MetricsCatalogueTest {

    private static List<MetricsCatalogue.Entry> catalogue;
    /** Every family exported in any scenario, by name. */
    private static final Map<String, Exposition.Family> EXPORTED = new HashMap<>();
    /** Which scenario exported each family first, for messages. */
    private static final Map<String, String> EXPORTED_BY = new HashMap<>();

    @BeforeAll
    static void scrapeEveryPlugin() throws IOException, InterruptedException {
        catalogue = MetricsCatalogue.read();
        BundledPluginScrapes.get().forEach((scenario, text) -> Exposition.parse(text).forEach((name, family) -> {
            Exposition.Family seen = EXPORTED.putIfAbsent(name, family);
            EXPORTED_BY.putIfAbsent(name, scenario.toString());
            if (seen != null) {
                seen.labels().addAll(family.labels());
            }
        }));
    }

    @Test
    void everyExportedFamilyIsInTheCatalogueWithItsTypeAndLabels() {
        Map<String, MetricsCatalogue.Entry> byName = catalogue.stream()
                .collect(Collectors.toMap(MetricsCatalogue.Entry::name, e -> e));
        List<String> problems = new ArrayList<>();
        EXPORTED.values().forEach(family -> {
            MetricsCatalogue.Entry entry = byName.get(family.name());
            if (entry == null) {
                problems.add(family.name() + " (" + family.type() + " " + family.labels() + ", exported by "
                        + EXPORTED_BY.get(family.name()) + ") is not in " + MetricsCatalogue.FILE);
            } else if (!entry.type().equals(family.type()) || !entry.labels().equals(family.labels())) {
                problems.add(MetricsCatalogue.FILE + ":" + entry.line() + ": " + family.name() + " is listed as "
                        + entry.type() + " " + entry.labels() + " but exported as " + family.type() + " "
                        + family.labels());
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void everyEntryMarkedAlwaysIsExported() {
        assertThat(catalogue).filteredOn(MetricsCatalogue.Entry::always)
                .allSatisfy(entry -> assertThat(EXPORTED).as(MetricsCatalogue.FILE + ":" + entry.line())
                        .containsKey(entry.name()));
    }

    @Test
    void everyEntryMarkedOnlyWhenIsNamedInItsModulesCode() throws IOException {
        List<String> problems = new ArrayList<>();
        for (MetricsCatalogue.Entry entry : catalogue) {
            if (entry.always()) {
                continue;
            }
            assertThat(EXPORTED.containsKey(entry.name()))
                    .as("%s:%d: %s is exported in these runs: mark it \"always\"", MetricsCatalogue.FILE, entry.line(),
                            entry.name())
                    .isFalse();
            if (!namedInMainSources(moduleOf(entry.source()), entry.name())) {
                problems.add(MetricsCatalogue.FILE + ":" + entry.line() + ": no \"" + entry.name() + "\" in "
                        + moduleOf(entry.source()));
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void catalogueCoversTheRunnerAndEveryBundledPlugin() {
        assertThat(catalogue.stream().map(e -> moduleOf(e.source())).distinct())
                .containsExactlyInAnyOrder(Path.of("..", "agent-runner"), Path.of("..", "plugins", "numa-allocator"),
                        Path.of("..", "plugins", "tier-mover"), Path.of("..", "plugins", "topology-aware"));
        assertThat(catalogue).extracting(MetricsCatalogue.Entry::name).doesNotHaveDuplicates();
    }

    /** The module whose code exports the series of a catalogue section ("Runner (...)", "tier-mover (...)"). */
    private static Path moduleOf(String section) {
        String head = section.substring(0, section.indexOf(' '));
        return head.equals("Runner") ? Path.of("..", "agent-runner") : Path.of("..", "plugins", head);
    }

    private static boolean namedInMainSources(Path module, String name) throws IOException {
        try (Stream<Path> files = Files.walk(module.resolve("src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                if (Files.readString(file).contains("\"" + name + "\"")) {
                    return true;
                }
            }
        }
        return false;
    }
}
