package io.numaagent.runner.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * HostFiles against this machine's real procfs, whose files report size 0: a fixture tree cannot
 * show the short read that sizing the buffer by the file size gives.
 */
@EnabledOnOs(OS.LINUX)
class HostFilesRealProcTest {

    @Test
    void sysctlIsReadWhole() {
        ReadProblems problems = new ReadProblems();
        // pid_max is at least PID_MAX_MIN (301): always several digits; the short read gave one
        long pidMax = HostFiles.readLong(Path.of("/proc/sys/kernel/pid_max"), problems).orElseThrow();
        assertThat(pidMax).isGreaterThanOrEqualTo(301);
        assertThat(problems.warnings()).isEmpty();
    }

    @Test
    void zeroSizedProcFileIsReadToTheEnd() throws Exception {
        Path vmstat = Path.of("/proc/vmstat");
        assertThat(Files.size(vmstat)).isZero();
        String text = HostFiles.read(vmstat, new ReadProblems()).orElseThrow();
        assertThat(HostFiles.lines(text)).hasSizeGreaterThan(50).anyMatch(l -> l.startsWith("pgfault "));
    }

    /**
     * seq_files of many records (mount lines) below and above the short-read bound are read whole by
     * the cgroup control file reader, which takes a short read of a small file as its end.
     */
    @Test
    void manyRecordSeqFilesAreReadWholeAsControlFiles() throws Exception {
        for (String name : new String[] {"/proc/self/mounts", "/proc/self/mountinfo", "/proc/self/maps"}) {
            Path file = Path.of(name);
            String whole = HostFiles.readText(file);
            assertThat(HostFiles.readControlFile(file, file.toFile())).as(name).isEqualTo(whole);
        }
    }
}
