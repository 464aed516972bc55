package io.numaagent.runner.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link HostFiles#readControlFile} on regular files of every size around its bounds (the short-read
 * end below {@link HostFiles#SHORT_READ_ENDS}, the 8 KiB read size, the kept 64 KiB buffer): read whole.
 */
class ControlFileReadTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 7, 2047, 2048, 2049, 4095, 4096, 8191, 8192, 8193, 65_536, 70_000})
    void fileOfThisSizeIsReadWhole(int size) throws Exception {
        StringBuilder text = new StringBuilder(size);
        for (int i = 0; text.length() < size; i++) {
            text.append(i % 10 == 9 ? '\n' : (char) ('0' + i % 10));
        }
        Path file = dir.resolve("cgroup.procs");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        assertThat(HostFiles.readControlFile(file, file.toFile())).isEqualTo(text.toString());
    }
}
