package io.numaagent.runner.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CgroupLayoutTest {

    @TempDir
    Path tmp;

    @Test
    void twoSocketFourNodeIsCgroupV2() {
        CgroupLayout layout = CgroupLayout.detect(Fixtures.paths("twoSocketFourNode"));
        Path root = Fixtures.paths("twoSocketFourNode").cgroupfs();

        assertThat(layout.version()).isEqualTo(CgroupLayout.Version.V2);
        assertThat(layout.fileFor("/batch/a", "cpuset.cpus")).isEqualTo(root.resolve("batch/a/cpuset.cpus"));
        assertThat(layout.fileFor("/batch/a", "memory.numa_stat")).isEqualTo(root.resolve("batch/a/memory.numa_stat"));
        assertThat(layout.fileFor("/", "cgroup.procs")).isEqualTo(root.resolve("cgroup.procs"));
        assertThat(layout.exists("/kubepods/pod123")).isTrue();
        assertThat(layout.exists("/kubepods/pod999")).isFalse();
        assertThat(layout.cgroupPathOf(root.resolve("kubepods/pod123"))).isEqualTo("/kubepods/pod123");
        assertThat(layout.cgroupPathOf(root)).isEqualTo("/");
    }

    @ParameterizedTest(name = "{1} of {0}")
    @CsvSource({
            "/batch/a, cpuset.cpus,           cpuset/batch/a/cpuset.cpus",
            "/batch/a, cpuset.mems,           cpuset/batch/a/cpuset.mems",
            "/batch/a, cpuset.memory_migrate, cpuset/batch/a/cpuset.memory_migrate",
            "/batch/a, cgroup.procs,          cpuset/batch/a/cgroup.procs",
            "/batch/a, tasks,                 cpuset/batch/a/tasks",
            "/batch/a, memory.numa_stat,      memory/batch/a/memory.numa_stat",
            "batch/a,  memory.limit_in_bytes, memory/batch/a/memory.limit_in_bytes",
            "/batch/a, cpuacct.usage,         'cpu,cpuacct/batch/a/cpuacct.usage'",
            "/batch/a, cpu.shares,            'cpu,cpuacct/batch/a/cpu.shares'",
            "/,        cgroup.procs,          cpuset/cgroup.procs",
    })
    void cxlTwoMemoryOnlyNodesIsCgroupV1(String cgroup, String file, String expected) {
        HostPaths paths = Fixtures.paths("cxlTwoMemoryOnlyNodes");
        CgroupLayout layout = CgroupLayout.detect(paths);

        assertThat(layout.version()).isEqualTo(CgroupLayout.Version.V1);
        assertThat(layout.fileFor(cgroup, file)).isEqualTo(paths.cgroupfs().resolve(expected));
    }

    @Test
    void v1WithSeparateCpuAndCpuacctHierarchies() throws IOException {
        Files.createDirectories(tmp.resolve("cpuset"));
        Files.createDirectories(tmp.resolve("cpu"));
        Files.createDirectories(tmp.resolve("cpuacct"));
        CgroupLayout layout = CgroupLayout.detect(new HostPaths(tmp, tmp, tmp));

        assertThat(layout.fileFor("/a", "cpuacct.usage")).isEqualTo(tmp.resolve("cpuacct/a/cpuacct.usage"));
        assertThat(layout.fileFor("/a", "cpu.shares")).isEqualTo(tmp.resolve("cpu/a/cpu.shares"));
    }

    @Test
    void pathsLeavingTheRootAreRefused() {
        CgroupLayout layout = CgroupLayout.v2(tmp);

        assertThatThrownBy(() -> layout.fileFor("/batch/../../etc", "cgroup.procs"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cgroup path must not contain '..': /batch/../../etc");
    }
}
