package io.numaagent.runner.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The per-process procfs parsers on text as the kernel prints it. */
class ProcParsersTest {

    @Test
    void cmdlineArgumentsJoinedBySpaces() {
        assertThat(ProcParsers.command("/usr/bin/java\0-Xmx2g\0-jar\0app.jar\0")).isEqualTo("/usr/bin/java -Xmx2g -jar app.jar");
        assertThat(ProcParsers.command("nginx: worker process\0\0\0")).isEqualTo("nginx: worker process");
        assertThat(ProcParsers.command("")).isEmpty(); // a kernel thread
    }

    static final List<String> V1_CGROUP = List.of(
            "12:hugetlb:/", "11:memory:/jobs/w", "5:cpuacct,cpu:/jobs/w", "3:cpuset:/jobs/w", "1:name=systemd:/jobs/w", "0::/");

    @Test
    void cgroupLineOfTheVersionInUse() {
        assertThat(ProcParsers.cgroupPath(V1_CGROUP, false)).contains("/jobs/w");
        assertThat(ProcParsers.cgroupPath(V1_CGROUP, true)).contains("/");
        assertThat(ProcParsers.cgroupPath(List.of("0::/user.slice/user-1000.slice/session-2.scope"), true))
                .contains("/user.slice/user-1000.slice/session-2.scope");
        assertThat(ProcParsers.cgroupPath(List.of("0::/user.slice"), false)).isEmpty();
        assertThat(ProcParsers.cgroupPath(List.of("garbage"), true)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "4242 (java) S 1 4242 4242 0 -1 4194560 1000 0 0 0 12000 3000 0 0 20 0 12 0 5000 1000000 262144|150000000000",
            "77 (work (er) x) R 1 77 77 0 -1 0 0 0 0 0 30 20 0 0|500000000",
            "77 (short) R 1 77|-1"})
    void statCpuTime(String stat, long nanos) {
        OptionalLong parsed = ProcParsers.cpuTimeNanos(stat);
        assertThat(parsed.isPresent() ? parsed.getAsLong() : -1).isEqualTo(nanos);
    }

    @Test
    void numaMapsBytesPerNodeAtEachMappingsPageSize() {
        List<String> unexpected = new ArrayList<>();
        Map<Integer, Long> bytes = ProcParsers.numaMapsBytesPerNode(List.of(
                "00400000 default file=/usr/lib/jvm/bin/java mapped=2 N0=2 kernelpagesize_kB=4",
                "7f4000000000 default huge anon=2 dirty=2 N0=1 N1=1 kernelpagesize_kB=2048",
                "7f0000000000 default anon=3 dirty=3 N1=3",
                "7f1000000000 default anon=1 N0=x kernelpagesize_kB=4",
                "7ffd1c100000 default"), 4096, unexpected::add);
        assertThat(bytes).isEqualTo(Map.of(0, 2 * 4096L + 2048 * 1024L, 1, 2048 * 1024L + 3 * 4096L));
        assertThat(unexpected).containsExactly("7f1000000000 default anon=1 N0=x kernelpagesize_kB=4");
        assertThat(Optional.of(ProcParsers.numaMapsBytesPerNode(List.of(), 4096, unexpected::add))).contains(Map.of());
    }
}
