package io.numaagent.runner.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The committed fixture trees are exactly what {@link HostTreeWriter} writes of {@link Fixtures}. */
class FixturesTest {

    @TempDir
    Path tmp;

    static Stream<String> fixtures() {
        return Fixtures.all().keySet().stream();
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void committedTreeIsWhatTheWriterWrites(String name) throws IOException {
        Path committed = Fixtures.COMMITTED.resolve(name);
        Path written = tmp.resolve(name);
        HostTreeWriter.of(Fixtures.all().get(name).get()).write(written);

        Set<String> committedFiles = files(committed);
        Set<String> writtenFiles = files(written);
        List<String> drift = new ArrayList<>();
        for (String f : writtenFiles) {
            if (!committedFiles.contains(f)) {
                drift.add(f + ": not committed");
            } else if (!Arrays.equals(Files.readAllBytes(committed.resolve(f)),
                    Files.readAllBytes(written.resolve(f)))) {
                drift.add(f + ": differs, " + firstDifference(committed.resolve(f), written.resolve(f)));
            }
        }
        committedFiles.stream().filter(f -> !writtenFiles.contains(f)).forEach(f -> drift.add(f + ": not written"));

        assertThat(drift).as("fixtures/%s drifted from Fixtures.%s(); after changing the description on "
                + "purpose, run Fixtures.main from agent-runner and the golden check", name, name).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void readingTheTreeGivesTheDescribedPlatform(String name) {
        ReadProblems problems = new ReadProblems();

        assertThat(new PlatformReader(Fixtures.host(name)).read(problems))
                .isEqualTo(Fixtures.all().get(name).get().platform());
        assertThat(problems.warnings()).isEmpty();
    }

    private static Set<String> files(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> !Files.isDirectory(p)).map(p -> root.relativize(p).toString())
                    .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
        }
    }

    private static String firstDifference(Path committed, Path written) throws IOException {
        List<String> a = Files.readAllLines(committed);
        List<String> b = Files.readAllLines(written);
        int line = 0;
        while (line < a.size() && line < b.size() && a.get(line).equals(b.get(line))) {
            line++;
        }
        return "line " + (line + 1) + ": committed \"" + (line < a.size() ? a.get(line) : "<end>") + "\", written \""
                + (line < b.size() ? b.get(line) : "<end>") + "\"";
    }
}
