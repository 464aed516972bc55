package io.numaagent.plugins.numaallocator;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.MigrateMemory;
import io.numaagent.api.decision.SetCpus;
import io.numaagent.api.testing.InMemoryMetrics;
import io.numaagent.api.testing.RecordingLogger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SwapGuardTest {

    private static final String WARNING = "memory migration refused for [b, a]: swap is enabled and migrate_with_swap "
            + "is false (moving memory with swap on risks OOM kills); the pins are kept";
    private static final String DEBUG = "memory migration refused for [b, a]: swap is enabled";

    /** A pin of b and migrations of b and a (as in WCA's observed two-node run). */
    private static List<Decision> twoNodeCycle() {
        return new ArrayList<>(List.of(new SetCpus("numa-allocator", "b", Machine.nodeCpus(0), "pin"),
                new MigrateMemory("numa-allocator", "b", 0, "move"), new MigrateMemory("numa-allocator", "a", 1, "re")));
    }

    /**
     * Cycles, one character each: {@code S} swap on with migrations, {@code s} swap on without any, {@code .}
     * swap off; with migrate_with_swap; what stays per cycle; the refusals counted; warnings and debug lines.
     */
    @ParameterizedTest(name = "twoNode: cycles {0}, migrate_with_swap {1}")
    @CsvSource({
            "., false, 3, 0, 0, 0",
            "S, false, 1, 2, 1, 0",
            "SS, false, 1 1, 4, 1, 1",
            "S.S, false, 1 3 1, 4, 2, 0",
            "SsS, false, 1 0 1, 4, 1, 1",
            "SS, true, 3 3, 0, 0, 0"})
    void twoNode_dropsMigrationsWhileSwapIsOnAndWarnsOncePerStretch(String cycles, boolean migrateWithSwap,
                                                                   String kept, double refused, int warnings,
                                                                   int debugs) {
        RecordingLogger log = new RecordingLogger();
        InMemoryMetrics im = new InMemoryMetrics();
        SwapGuard guard = new SwapGuard(migrateWithSwap, log, StepInputs.metrics(im));
        List<String> sizes = new ArrayList<>();
        for (char c : cycles.toCharArray()) {
            List<Decision> decisions = c == 's' ? new ArrayList<>() : twoNodeCycle();
            var kernel = Machine.twoNode().swap(c != '.').snapshot(1).kernel();
            List<Decision> out = guard.filter(kernel, decisions);
            assertThat(out).noneMatch(d -> c != '.' && !migrateWithSwap && d instanceof MigrateMemory);
            sizes.add(Integer.toString(out.size()));
        }
        assertThat(String.join(" ", sizes)).isEqualTo(kept);
        assertThat(im.value("numa_allocator_migrations_refused_total", "swap_enabled")).isEqualTo(refused); // 0 from the start
        assertThat(log.at("warn")).hasSize(warnings).allMatch(WARNING::equals);
        assertThat(log.at("debug")).hasSize(debugs).allMatch(DEBUG::equals);
    }
}
