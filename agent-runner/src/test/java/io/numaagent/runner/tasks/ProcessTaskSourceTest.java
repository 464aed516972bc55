package io.numaagent.runner.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.testing.TestMachine;
import io.numaagent.api.CpuSet;
import io.numaagent.api.NodeSet;
import io.numaagent.api.snapshot.QosClass;
import io.numaagent.api.snapshot.ReadWarning;
import io.numaagent.api.snapshot.Resources;
import io.numaagent.api.snapshot.Task;
import io.numaagent.api.snapshot.TaskMeasurements;
import io.numaagent.runner.config.TaskSourceConfig;
import io.numaagent.runner.host.CgroupLayout;
import io.numaagent.runner.host.CgroupReads;
import io.numaagent.runner.host.Fixtures;
import io.numaagent.runner.host.Host;
import io.numaagent.runner.host.HostPaths;
import io.numaagent.runner.host.HostTreeWriter;
import io.numaagent.runner.host.ReadProblems;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessTaskSourceTest {

    @TempDir
    Path tmp;

    private static List<Task> discover(HostPaths paths, String regex, long minRss, ReadProblems problems) {
        Host host = new Host(paths, CgroupLayout.detect(paths), 4096);
        return new ProcessTaskSource(new TaskSourceConfig.Processes(regex, minRss), host)
                .discover(new CgroupReads(host, problems), problems);
    }

    @Test
    void laptopOneNodeJavaProcess() {
        ReadProblems problems = new ReadProblems();
        List<Task> tasks = discover(Fixtures.paths("laptopOneNode"), "java .*app\\.jar", 0, problems);

        assertThat(problems.warnings()).isEmpty();
        // numa_maps: 2 + 262144 + 8 pages of 4 KiB and 2 huge pages of 2 MiB; the empty mapping adds nothing
        long node0 = (2 + 262144 + 8) * 4096L + 2 * 2048 * 1024L;
        assertThat(tasks).containsExactly(new Task("pid:4242", "java", "/user.slice/user-1000.slice", List.of(),
                List.of(4242), Map.of("command", "/usr/bin/java -Xmx2g -jar app.jar"), Map.of(), Resources.NONE,
                QosClass.UNKNOWN, new TaskMeasurements(Map.of(0, node0), 1048576 * 1024L, -1, 1310720 * 1024L,
                15000 * 10_000_000L, CpuSet.parse("0-3"), NodeSet.of(0), CpuSet.parse("0-3"), NodeSet.of(0),
                false)));
    }

    @Test
    void minimumRssFiltersSmallProcesses() {
        HostPaths paths = Fixtures.paths("laptopOneNode");

        assertThat(discover(paths, ".", 0, new ReadProblems())).extracting(Task::id)
                .containsExactly("pid:1", "pid:4242", "pid:4243");
        assertThat(discover(paths, ".", 10L << 20, new ReadProblems())).extracting(Task::id)
                .containsExactly("pid:1", "pid:4242");
    }

    @Test
    void v1ProcessCgroupIsTheCpusetLine() throws IOException {
        HostPaths paths = HostTreeWriter.of(TestMachine.laptopOneNode().cgroupV1()).write(tmp);
        Path pid = paths.proc("77");
        Files.createDirectories(pid);
        Files.writeString(pid.resolve("cmdline"), "worker\0--fast\0");
        Files.writeString(pid.resolve("status"), "Name:\tworker\nVmHWM:\t  2048 kB\nVmRSS:\t  1024 kB\n"
                + "Cpus_allowed_list:\t0-1\nMems_allowed_list:\t0\n");
        Files.writeString(pid.resolve("cgroup"), "5:memory:/jobs/w\n4:cpuacct,cpu:/jobs/w\n3:cpuset:/jobs/w\n0::/\n");
        Files.writeString(pid.resolve("numa_maps"), "7f00 default anon=3 N0=2 N1=1\n7f10 default anon=1 N0=x\n");
        Files.writeString(pid.resolve("stat"), "77 (work er) R 1 77 77 0 -1 0 0 0 0 0 30 20 0 0\n");
        ReadProblems problems = new ReadProblems();
        List<Task> tasks = discover(paths, "--fast", 0, problems);

        assertThat(tasks).singleElement().satisfies(t -> {
            assertThat(t.cgroupPath()).isEqualTo("/jobs/w");
            assertThat(t.measurements().memoryBytesPerNode()).isEqualTo(Map.of(0, 8192L, 1, 4096L));
            assertThat(t.measurements().cpuUsageNanos()).isEqualTo(500_000_000L);
            assertThat(t.labels()).isEqualTo(Map.of("command", "worker --fast"));
        });
        assertThat(problems.warnings()).containsExactly(new ReadWarning(pid.resolve("numa_maps").toString(),
                "unexpected line \"7f10 default anon=1 N0=x\""));
    }

    /** Regression (found by HostFileFuzzTest): a blank command line and no Name in status threw out of the snapshot. */
    @Test
    void laptopOneNodeBlankCommandLineWithoutNameIsNamedByItsPid() throws IOException {
        HostPaths paths = HostTreeWriter.of(TestMachine.laptopOneNode()).write(tmp);
        Path pid = paths.proc("78");
        Files.createDirectories(pid);
        Files.writeString(pid.resolve("cmdline"), " \0 \0");
        Files.writeString(pid.resolve("status"), "VmRSS:\t  1024 kB\nCpus_allowed_list:\t0-1\nMems_allowed_list:\t0\n");
        Files.writeString(pid.resolve("stat"), "78 (x) R 1 78 78 0 -1 0 0 0 0 0 30 20 0 0\n");

        List<Task> tasks = discover(paths, "^ ", 0, new ReadProblems());

        assertThat(tasks).extracting(Task::id, Task::name).containsExactly(org.assertj.core.groups.Tuple.tuple("pid:78", "78"));
    }
}
