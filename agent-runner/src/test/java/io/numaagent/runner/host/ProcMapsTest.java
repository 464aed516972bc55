package io.numaagent.runner.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code /proc/PID/maps} lines as the kernel prints them, a garbled file, and this JVM's own maps. */
class ProcMapsTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "55d0c0000000-55d0c0002000 r-xp 00000000 fd:01 1234    /usr/bin/app|55d0c0000000|55d0c0002000|r-xp|/usr/bin/app|true",
            "7f0000000000-7f000000a000 rw-p 00000000 00:00 0 |7f0000000000|7f000000a000|rw-p||true",
            "7f0000010000-7f0000012000 ---p 00000000 00:00 0|7f0000010000|7f0000012000|---p||false",
            "7f3a00000000-7f3a00200000 rw-s 00000000 00:05 42   /dev/shm/my buffer (deleted)|7f3a00000000|7f3a00200000|rw-s|/dev/shm/my buffer (deleted)|true",
            "7ffc00000000-7ffc00021000 rw-p 00000000 00:00 0   [stack]|7ffc00000000|7ffc00021000|rw-p|[stack]|true",
            "7ffff7fc1000-7ffff7fc5000 r--p 00000000 00:00 0   [vvar]|7ffff7fc1000|7ffff7fc5000|r--p|[vvar]|false",
            "7ffff7fc5000-7ffff7fc7000 r-xp 00000000 00:00 0   [vdso]|7ffff7fc5000|7ffff7fc7000|r-xp|[vdso]|false",
            "ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0   [vsyscall]|ffffffffff600000|ffffffffff601000|--xp|[vsyscall]|false"})
    void procMapsLines(String line, String start, String end, String perms, String path, boolean movable) {
        ProcMaps.Mapping m = ProcMaps.parse(line);
        assertThat(m.start()).isEqualTo(Long.parseUnsignedLong(start, 16));
        assertThat(m.end()).isEqualTo(Long.parseUnsignedLong(end, 16));
        assertThat(m.perms()).isEqualTo(perms);
        assertThat(m.pathname()).isEqualTo(path == null ? "" : path);
        assertThat(m.movable()).isEqualTo(movable);
    }

    @Test
    void garbledMapsNameFileAndLine() throws IOException {
        Files.createDirectories(tmp.resolve("42"));
        Files.writeString(tmp.resolve("42/maps"), "7f0000000000-7f000000a000 rw-p 00000000 00:00 0\nnonsense\n");
        assertThatThrownBy(() -> ProcMaps.read(tmp, 42)).isInstanceOf(IOException.class)
                .hasMessageStartingWith(tmp.resolve("42/maps") + " line 2: cannot parse \"nonsense\"");
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void ownMapsParseAndIncludeMovableMemory() throws Exception {
        int self = (int) ProcessHandle.current().pid();
        java.util.List<ProcMaps.Mapping> maps = ProcMaps.read(Path.of("/proc"), self);
        assertThat(maps).isNotEmpty();
        assertThat(maps).anyMatch(m -> m.pathname().endsWith("libjvm.so") && m.movable());
        assertThat(maps).anyMatch(m -> m.pathname().equals("[stack]"));
        assertThat(maps).filteredOn(m -> m.pathname().equals("[vdso]")).allMatch(m -> !m.movable());
    }
}
