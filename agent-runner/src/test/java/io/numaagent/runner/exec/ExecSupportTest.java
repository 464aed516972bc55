package io.numaagent.runner.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.numaagent.api.NodeSet;
import io.numaagent.runner.host.CgroupLayout;
import io.numaagent.runner.host.HostPaths;
import io.numaagent.runner.host.WriteAccess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The executor's small parts: node masks, errno names, syscall tables, file writers, write access. */
class ExecSupportTest {

    @TempDir
    Path tmp;

    @Test
    void nodeMasksAreKernelBitmaps() {
        assertThat(NodeMasks.of(NodeSet.of(0))).containsExactly(1L);
        assertThat(NodeMasks.of(NodeSet.of(0, 2, 63))).containsExactly(0x8000000000000005L);
        assertThat(NodeMasks.of(NodeSet.of(1, 64))).containsExactly(2L, 1L);
        assertThat(NodeMasks.of(NodeSet.EMPTY)).containsExactly(0L);
        assertThat(NodeMasks.maxNode(new long[2])).isEqualTo(129);
        assertThat(NodeMasks.toNodeSet(new long[] {5L, 1L})).isEqualTo(NodeSet.of(0, 2, 64));
    }

    @Test
    void errnoNamesAndMessages() {
        assertThat(Errno.name(3)).isEqualTo("ESRCH");
        assertThat(Errno.name(-14)).isEqualTo("EFAULT");
        assertThat(Errno.name(200)).isEqualTo("E200");
        assertThat(Errno.number("EBUSY")).isEqualTo(16);
        assertThat(Errno.fromMessage("Invalid argument")).isEqualTo(Errno.EINVAL);
        assertThat(Errno.fromMessage("/sys/fs/cgroup/cpuset/a/cpuset.cpus: Device or resource busy")).isEqualTo(Errno.EBUSY);
        assertThat(Errno.fromMessage("something else")).isZero();
        assertThat(new SyscallException("move_pages", 3)).hasMessage("move_pages: ESRCH (No such process)");
    }

    @Test
    void syscallTablesPerArchitecture() {
        LinuxSyscalls.Numbers x86 = LinuxSyscalls.numbersFor("Linux", "amd64");
        assertThat(x86).isEqualTo(new LinuxSyscalls.Numbers("x86_64", 256, 279, 239, 440, 434, 3));
        assertThat(LinuxSyscalls.numbersFor("Linux", "x86_64")).isSameAs(x86);
        assertThat(LinuxSyscalls.numbersFor("Linux", "aarch64"))
                .isEqualTo(new LinuxSyscalls.Numbers("aarch64", 238, 239, 236, 440, 434, 57));
        assertThat(LinuxSyscalls.numbersFor("Linux", "riscv64")).isNull();
        assertThat(LinuxSyscalls.numbersFor("Mac OS X", "aarch64")).isNull();
    }

    @Test
    void fileWriterMapsV1AndV2AndNeverCreatesFiles() throws IOException {
        ExecTestHost v1 = ExecTestHost.cgroupV1(tmp.resolve("v1"));
        new FileCgroupWriter(CgroupLayout.detect(v1.cgroupfs)).write("/batch/b", "cpuset.mems", "1-2");
        assertThat(v1.cgroupfs.resolve("cpuset/batch/b/cpuset.mems")).hasContent("1-2");
        ExecTestHost v2 = ExecTestHost.cgroupV2(tmp.resolve("v2"));
        new FileCgroupWriter(CgroupLayout.detect(v2.cgroupfs)).write("batch/b", "cpuset.cpus", "4");
        assertThat(v2.cgroupfs.resolve("batch/b/cpuset.cpus")).hasContent("4");

        Path missing = v2.cgroupfs.resolve("batch/b/cpuset.memory_migrate");
        assertThatThrownBy(() -> new FileCgroupWriter(CgroupLayout.detect(v2.cgroupfs)).write("/batch/b", "cpuset.memory_migrate", "1"))
                .isInstanceOfSatisfying(HostWriteException.class, e -> {
                    assertThat(e.errno()).isEqualTo("ENOENT");
                    assertThat(e.path()).isEqualTo(missing);
                    assertThat(e).hasMessage("cannot write " + missing + ": No such file or directory (ENOENT)");
                });
        assertThat(missing).doesNotExist();
    }

    @Test
    void sysctlFileOfDottedName() {
        assertThat(new SysctlWriter(HostPaths.DEFAULT).file("kernel.numa_balancing"))
                .isEqualTo(Path.of("/proc/sys/kernel/numa_balancing"));
    }

    @Test
    void writeAccessOnARootedV1Host() {
        ExecTestHost f = ExecTestHost.cgroupV1(tmp);
        WriteAccess w = WriteAccess.check(f.paths, CgroupLayout.detect(f.paths));
        assertThat(w.writable()).isTrue();
        assertThat(w.reason()).isEqualTo("writable: cgroup v1 at " + f.cgroupfs + ", CAP_SYS_NICE held");
    }

    @Test
    void writeAccessWithoutCapSysNice() {
        ExecTestHost f = ExecTestHost.cgroupV2(tmp);
        ExecTestHost.write(f.procfs.resolve("self/status"), "Name:\tjava\nCapEff:\t0000000000000000\n");
        WriteAccess w = WriteAccess.check(f.paths, CgroupLayout.detect(f.paths));
        assertThat(w.writable()).isFalse();
        assertThat(w.reason()).isEqualTo("observe-only: no CAP_SYS_NICE in " + f.procfs.resolve("self/status")
                + " (needed to move other processes' memory)");
    }

    @Test
    void writeAccessWithoutCpusetHierarchy() throws IOException {
        Path cg = Files.createDirectories(tmp.resolve("cgroup"));
        Files.createDirectories(cg.resolve("memory"));
        HostPaths paths = new HostPaths(tmp.resolve("sys"), tmp.resolve("proc"), cg);
        WriteAccess w = WriteAccess.check(paths, CgroupLayout.detect(paths));
        assertThat(w.writable()).isFalse();
        assertThat(w.reason()).isEqualTo("observe-only: no cpuset hierarchy at " + cg.resolve("cpuset"));
    }
}
