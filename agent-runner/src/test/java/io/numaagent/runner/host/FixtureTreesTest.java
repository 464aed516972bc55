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

/** The committed fixture trees are exactly what {@link HostTreeWriter} writes of {@link FixtureTrees}. */
class FixtureTreesTest {

    @TempDir
    Path tmp;

    static Stream<String> fixtures() {
        return FixtureTrees.all().keySet().stream();
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void committedTreeIsWhatTheWriterWrites(String name) throws IOException {
        Path committed = FixtureTrees.COMMITTED.resolve(name);
        Path written = tmp.resolve(name);
        HostTreeWriter.of(FixtureTrees.all().get(name).get()).write(written);

        Set<String> committedFiles = files(committed);
        Set<String> writtenFiles = files(written);
        List<String> drift = new ArrayList<>();
        for (String f : writtenFiles) {
            if (!committedFiles.contains(f)) {
                drift.add(f + ": not committed");
            } else if (!Arrays.equals(Files.readAllBytes(committed.resolve(f)), Files.readAllBytes(written.resolve(f)))) {
                drift.add(f + ": differs (committed " + quote(committed.resolve(f)) + ", written "
                        + quote(written.resolve(f)) + ")");
            }
        }
        committedFiles.stream().filter(f -> !writtenFiles.contains(f)).forEach(f -> drift.add(f + ": not written"));

        assertThat(drift).as("fixtures/%s drifted from FixtureTrees.%s(); after changing the description on "
                + "purpose, run FixtureTrees.main from agent-runner and the golden check", name, name).isEmpty();
    }

    private static Set<String> files(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> !Files.isDirectory(p)).map(p -> root.relativize(p).toString())
                    .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
        }
    }

    private static String quote(Path file) throws IOException {
        String text = Files.readString(file);
        return '"' + (text.length() > 200 ? text.substring(0, 200) + "..." : text).replace("\n", "\\n") + '"';
    }
}
