package io.numaagent.runner.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.runner.host.ReadProblems.Kind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A persistent read problem is logged once per file and kind, then counted; logged again when it
 * changes or returns.
 */
class ReadProblemLogTest {

    private static final Path PEAK = Path.of("/sys/fs/cgroup/batch/a/memory.peak");
    private static final Path STAT = Path.of("/sys/fs/cgroup/batch/a/memory.numa_stat");

    private static final ReadProblems.Problem PEAK_MISSING = new ReadProblems.Problem(PEAK, Kind.MISSING, "missing");
    private static final ReadProblems.Problem PEAK_UNREADABLE = new ReadProblems.Problem(PEAK, Kind.UNREADABLE,
            "unreadable: Permission denied");
    private static final ReadProblems.Problem STAT_GARBLED = new ReadProblems.Problem(STAT, Kind.MALFORMED,
            "no anon and file lines");

    private static final String WARN_PEAK_MISSING =
            "WARN cannot read /sys/fs/cgroup/batch/a/memory.peak: missing (missing; logged again only when it changes)";
    private static final String WARN_PEAK_UNREADABLE = "WARN cannot read /sys/fs/cgroup/batch/a/memory.peak: "
            + "unreadable: Permission denied (unreadable; logged again only when it changes)";
    private static final String WARN_STAT = "WARN cannot read /sys/fs/cgroup/batch/a/memory.numa_stat: "
            + "no anon and file lines (malformed; logged again only when it changes)";
    private static final String INFO_PEAK_CLEARED =
            "INFO /sys/fs/cgroup/batch/a/memory.peak: read problem cleared (was: missing)";

    /**
     * Each case: the problems of successive cycles, the log lines of each cycle and the counter's
     * totals by kind afterwards.
     */
    static Stream<Arguments> cycles() {
        return Stream.of(
                Arguments.of("a missing file is logged once, then only counted",
                        List.of(List.of(PEAK_MISSING), List.of(PEAK_MISSING), List.of(PEAK_MISSING)),
                        List.of(List.of(WARN_PEAK_MISSING), List.of(), List.of()),
                        Map.of(Kind.MISSING, 3L)),
                Arguments.of("the same problem twice in one cycle is one line, two counts",
                        List.of(List.of(PEAK_MISSING, PEAK_MISSING)),
                        List.of(List.of(WARN_PEAK_MISSING)),
                        Map.of(Kind.MISSING, 2L)),
                Arguments.of("a changed problem of the same file is logged again",
                        List.of(List.of(PEAK_MISSING), List.of(PEAK_UNREADABLE), List.of(PEAK_UNREADABLE)),
                        List.of(List.of(WARN_PEAK_MISSING), List.of(WARN_PEAK_UNREADABLE), List.of()),
                        Map.of(Kind.MISSING, 1L, Kind.UNREADABLE, 2L)),
                Arguments.of("a problem that clears is noted at INFO, and logged again when it returns",
                        List.of(List.of(PEAK_MISSING), List.of(), List.of(), List.of(PEAK_MISSING)),
                        List.of(List.of(WARN_PEAK_MISSING), List.of(INFO_PEAK_CLEARED), List.of(),
                                List.of(WARN_PEAK_MISSING)),
                        Map.of(Kind.MISSING, 2L)),
                Arguments.of("files are tracked apart: one clearing does not touch the other",
                        List.of(List.of(PEAK_MISSING, STAT_GARBLED), List.of(STAT_GARBLED), List.of(STAT_GARBLED)),
                        List.of(List.of(WARN_PEAK_MISSING, WARN_STAT), List.of(INFO_PEAK_CLEARED), List.of()),
                        Map.of(Kind.MISSING, 1L, Kind.MALFORMED, 3L)),
                Arguments.of("no problems: no lines, nothing counted",
                        List.of(List.of(), List.of()),
                        List.of(List.of(), List.of()),
                        Map.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cycles")
    void logsOncePerFileAndProblemAndCountsEveryOccurrence(String name, List<List<ReadProblems.Problem>> cycles,
                                                           List<List<String>> expectedLines,
                                                           Map<Kind, Long> expectedCounts) {
        List<String> lines = new ArrayList<>();
        Map<Kind, Long> counts = new EnumMap<>(Kind.class);
        ReadProblemLog log = new ReadProblemLog(new ReadProblemLog.Output() {
            @Override
            public void warn(String line) {
                lines.add("WARN " + line);
            }

            @Override
            public void info(String line) {
                lines.add("INFO " + line);
            }
        }, (kind, count) -> counts.merge(kind, count, Long::sum));

        for (int i = 0; i < cycles.size(); i++) {
            ReadProblems problems = new ReadProblems();
            cycles.get(i).forEach(problems::report);
            lines.clear();
            log.endCycle(problems);

            assertThat(lines).as("cycle %d", i + 1).containsExactlyElementsOf(expectedLines.get(i));
            // the snapshot still carries every problem of the cycle
            assertThat(problems.warnings()).hasSize(cycles.get(i).size());
        }
        assertThat(counts).isEqualTo(expectedCounts);
    }
}
