package io.numaagent.api.testing;

import java.util.List;

/**
 * One process of a {@link TestMachine} as procfs shows it: name, command line, memory, cgroup,
 * allowed CPUs and nodes, CPU time and its mappings ({@code numa_maps} lines in the kernel's format).
 */
public final class TestProcess {

    private final int pid;
    private String name = "task";
    private List<String> argv = List.of("task");
    private long rssKb;
    private long hwmKb;
    private String cgroupPath = "/";
    private List<String> numaMaps = List.of();
    private String cpusAllowed = "";
    private String memsAllowed = "";
    private long utimeTicks;
    private long stimeTicks;

    TestProcess(int pid) {
        this.pid = pid;
    }

    /** {@code comm} and {@code cmdline}. */
    public TestProcess command(String name, String... argv) {
        this.name = name;
        this.argv = List.of(argv);
        return this;
    }

    /** {@code VmRSS} and {@code VmHWM}, kB. */
    public TestProcess memoryKb(long rssKb, long hwmKb) {
        this.rssKb = rssKb;
        this.hwmKb = hwmKb;
        return this;
    }

    /** The cgroup the process is in ({@code /proc/PID/cgroup}). */
    public TestProcess cgroup(String path) {
        this.cgroupPath = path;
        return this;
    }

    /** {@code /proc/PID/numa_maps}, one line per mapping. */
    public TestProcess numaMaps(String... lines) {
        this.numaMaps = List.of(lines);
        return this;
    }

    /** {@code Cpus_allowed_list} and {@code Mems_allowed_list}, kernel list format. */
    public TestProcess allowed(String cpus, String mems) {
        this.cpusAllowed = cpus;
        this.memsAllowed = mems;
        return this;
    }

    /** {@code utime} and {@code stime} of {@code /proc/PID/stat}, clock ticks. */
    public TestProcess cpuTicks(long utime, long stime) {
        this.utimeTicks = utime;
        this.stimeTicks = stime;
        return this;
    }

    public int pid() {
        return pid;
    }

    public String name() {
        return name;
    }

    public List<String> argv() {
        return argv;
    }

    public long rssKb() {
        return rssKb;
    }

    public long hwmKb() {
        return hwmKb;
    }

    public String cgroupPath() {
        return cgroupPath;
    }

    public List<String> numaMaps() {
        return numaMaps;
    }

    public String cpusAllowed() {
        return cpusAllowed;
    }

    public String memsAllowed() {
        return memsAllowed;
    }

    public long utimeTicks() {
        return utimeTicks;
    }

    public long stimeTicks() {
        return stimeTicks;
    }
}
