package io.numaagent.api.testing;

import io.numaagent.api.CpuSet;
import io.numaagent.api.NodeSet;
import io.numaagent.api.snapshot.Container;
import io.numaagent.api.snapshot.QosClass;
import io.numaagent.api.snapshot.Resources;
import io.numaagent.api.snapshot.Task;
import io.numaagent.api.snapshot.TaskMeasurements;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One cgroup of a {@link TestMachine}: its processes, memory per node, cpuset and accounting, and,
 * when it is a task of the snapshot, the task's identity. Unset figures ({@code -1}, {@code null})
 * are "not stated": the snapshot shows them as not measured, the host-tree writer derives what the
 * kernel would show.
 *
 * <p>Memory is given in bytes per node and kind; {@code anon}/{@code file}/{@code unevictable} are
 * the hierarchical figures (what cgroup v2's {@code memory.numa_stat} and v1's {@code hierarchical_*}
 * lines show), the {@code own*} ones v1's non-hierarchical lines (null: same as hierarchical).
 */
public final class TestCgroup {

    private final String path;
    private String taskId;
    private String name;
    private List<String> subCgroups = List.of();
    private Map<String, String> labels = Map.of();
    private Resources requested = Resources.NONE;
    private Map<String, String> annotations = Map.of();
    private QosClass qos = QosClass.UNKNOWN;
    private List<Container> containers = List.of();
    private List<Integer> pids = List.of();
    private final Map<Integer, Long> anon = new TreeMap<>();
    private final Map<Integer, Long> file = new TreeMap<>();
    private final Map<Integer, Long> unevictable = new TreeMap<>();
    private Map<Integer, Long> ownAnon;
    private Map<Integer, Long> ownFile;
    private Map<Integer, Long> ownUnevictable;
    private String cpus = "";
    private String mems = "";
    private String effectiveCpus;
    private String effectiveMems;
    private long memoryMax = -1;
    private long memoryCurrent = -1;
    private long memoryPeak = -1;
    private long cpuUsageNanos = -1;
    private boolean memoryMigrate;
    private long cpuWeight = -1;
    private String controllers = "cpuset cpu io memory hugetlb pids rdma misc";
    private String partition;
    private boolean onHost = true;

    TestCgroup(String path) {
        this.path = path;
    }

    /** Makes this cgroup the snapshot task {@code id}, named after the id's last segment. */
    public TestCgroup task(String id) {
        this.taskId = id;
        this.name = id.substring(id.lastIndexOf('/') + 1);
        return this;
    }

    public TestCgroup name(String name) {
        this.name = name;
        return this;
    }

    public TestCgroup subCgroups(String... paths) {
        this.subCgroups = List.of(paths);
        return this;
    }

    public TestCgroup labels(Map<String, String> labels) {
        this.labels = Map.copyOf(labels);
        return this;
    }

    public TestCgroup requested(Resources requested) {
        this.requested = requested;
        return this;
    }

    public TestCgroup annotations(Map<String, String> annotations) {
        this.annotations = Map.copyOf(annotations);
        return this;
    }

    /** The task's QoS class ({@link QosClass#UNKNOWN} unless set). */
    public TestCgroup qos(QosClass qos) {
        this.qos = qos;
        return this;
    }

    /** The task's containers (their sub-cgroups should be among {@link #subCgroups}). */
    public TestCgroup containers(Container... containers) {
        this.containers = List.of(containers);
        return this;
    }

    public TestCgroup pids(Integer... pids) {
        return pids(List.of(pids));
    }

    public TestCgroup pids(List<Integer> pids) {
        this.pids = List.copyOf(pids);
        return this;
    }

    /** Anonymous memory per node, bytes (hierarchical). */
    public TestCgroup anon(Map<Integer, Long> bytesPerNode) {
        return put(anon, bytesPerNode);
    }

    /** Page cache per node, bytes (hierarchical). */
    public TestCgroup file(Map<Integer, Long> bytesPerNode) {
        return put(file, bytesPerNode);
    }

    /** Unevictable memory per node, bytes (hierarchical; cgroup v1 shows it). */
    public TestCgroup unevictable(Map<Integer, Long> bytesPerNode) {
        return put(unevictable, bytesPerNode);
    }

    /** cgroup v1's non-hierarchical lines, bytes per node; by default the same as the hierarchical ones. */
    public TestCgroup own(Map<Integer, Long> anonBytes, Map<Integer, Long> fileBytes,
                          Map<Integer, Long> unevictableBytes) {
        ownAnon = new TreeMap<>(anonBytes);
        ownFile = new TreeMap<>(fileBytes);
        ownUnevictable = new TreeMap<>(unevictableBytes);
        return this;
    }

    private TestCgroup put(Map<Integer, Long> target, Map<Integer, Long> bytesPerNode) {
        target.clear();
        target.putAll(bytesPerNode);
        return this;
    }

    /** {@code cpuset.cpus} and {@code cpuset.mems} as written, kernel list format; "" inherits (v2). */
    public TestCgroup cpuset(String cpus, String mems) {
        this.cpus = cpus;
        this.mems = mems;
        return this;
    }

    /** {@code cpuset.cpus.effective} and {@code cpuset.mems.effective}; by default derived from the cpuset. */
    public TestCgroup effective(String cpus, String mems) {
        this.effectiveCpus = cpus;
        this.effectiveMems = mems;
        return this;
    }

    /** {@code memory.max} / {@code memory.limit_in_bytes}; -1 is unlimited. */
    public TestCgroup memoryMax(long bytes) {
        this.memoryMax = bytes;
        return this;
    }

    /** {@code memory.current} / {@code memory.usage_in_bytes}; by default the memory per node summed. */
    public TestCgroup memoryCurrent(long bytes) {
        this.memoryCurrent = bytes;
        return this;
    }

    /** {@code memory.peak} / {@code memory.max_usage_in_bytes}; by default the current usage. */
    public TestCgroup memoryPeak(long bytes) {
        this.memoryPeak = bytes;
        return this;
    }

    /** Cumulative CPU time ({@code cpu.stat usage_usec} / {@code cpuacct.usage}). */
    public TestCgroup cpuUsageNanos(long nanos) {
        this.cpuUsageNanos = nanos;
        return this;
    }

    /** cgroup v1's {@code cpuset.memory_migrate}. */
    public TestCgroup memoryMigrate(boolean on) {
        this.memoryMigrate = on;
        return this;
    }

    /**
     * The CPU weight as the cgroup's file holds it: {@code cpu.weight} (v2) or {@code cpu.shares} (v1). Not
     * stated (-1): v1 trees show the kernel's default 1024 and v2 trees no {@code cpu.weight}.
     */
    public TestCgroup cpuWeight(long weight) {
        this.cpuWeight = weight;
        return this;
    }

    /** cgroup v2's {@code cgroup.controllers}. */
    public TestCgroup controllers(String controllers) {
        this.controllers = controllers;
        return this;
    }

    /** cgroup v2's {@code cpuset.cpus.partition}; null (the default) leaves the file out. */
    public TestCgroup partition(String partition) {
        this.partition = partition;
        return this;
    }

    /** The snapshot shows this cgroup's task, but the host no longer has the cgroup (the task has gone). */
    public TestCgroup notOnHost() {
        this.onHost = false;
        return this;
    }

    // ------------------------------------------------------------------ reading

    /** Whether the host tree has this cgroup. */
    public boolean onHost() {
        return onHost;
    }

    public String path() {
        return path;
    }

    public boolean isRoot() {
        return path.equals("/");
    }

    public boolean isTask() {
        return taskId != null;
    }

    public List<Integer> pids() {
        return pids;
    }

    public Map<Integer, Long> anon() {
        return java.util.Collections.unmodifiableMap(anon);
    }

    public Map<Integer, Long> file() {
        return java.util.Collections.unmodifiableMap(file);
    }

    public Map<Integer, Long> unevictable() {
        return java.util.Collections.unmodifiableMap(unevictable);
    }

    public Map<Integer, Long> ownAnon() {
        return ownAnon == null ? anon() : ownAnon;
    }

    public Map<Integer, Long> ownFile() {
        return ownFile == null ? file() : ownFile;
    }

    public Map<Integer, Long> ownUnevictable() {
        return ownUnevictable == null ? unevictable() : ownUnevictable;
    }

    /** Bytes per node of every kind, hierarchical; the nodes any kind names. */
    public Map<Integer, Long> memoryPerNode() {
        Map<Integer, Long> all = new TreeMap<>(anon);
        file.forEach((n, b) -> all.merge(n, b, Long::sum));
        unevictable.forEach((n, b) -> all.merge(n, b, Long::sum));
        return all;
    }

    public String cpus() {
        return cpus;
    }

    public String mems() {
        return mems;
    }

    /** As stated; null when not. */
    public String effectiveCpus() {
        return effectiveCpus;
    }

    /** As stated; null when not. */
    public String effectiveMems() {
        return effectiveMems;
    }

    public long memoryMax() {
        return memoryMax;
    }

    public long memoryCurrent() {
        return memoryCurrent;
    }

    public long memoryPeak() {
        return memoryPeak;
    }

    public long cpuUsageNanos() {
        return cpuUsageNanos;
    }

    public boolean memoryMigrate() {
        return memoryMigrate;
    }

    public long cpuWeight() {
        return cpuWeight;
    }

    public String controllers() {
        return controllers;
    }

    /** null when not written. */
    public String partition() {
        return partition;
    }

    /** The snapshot task; only for a cgroup made a task. */
    public Task toTask() {
        if (taskId == null) {
            throw new IllegalStateException(path + " is not a task");
        }
        TaskMeasurements m = new TaskMeasurements(memoryPerNode(), memoryCurrent,
                memoryMax, memoryPeak, cpuUsageNanos, CpuSet.parse(cpus), NodeSet.parse(mems),
                effectiveCpus == null ? CpuSet.EMPTY : CpuSet.parse(effectiveCpus),
                effectiveMems == null ? NodeSet.EMPTY : NodeSet.parse(effectiveMems), memoryMigrate, cpuWeight);
        return new Task(taskId, name, path, new ArrayList<>(subCgroups),
                pids, labels, annotations, requested, qos, m, containers);
    }
}
