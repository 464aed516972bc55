package io.numaagent.plugins.topologyaware;

import io.numaagent.api.CpuSet;
import io.numaagent.api.NodeSet;
import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.SchedulingParameters;
import io.numaagent.api.decision.SetCpuShares;
import io.numaagent.api.decision.SetSchedulingClass;
import io.numaagent.api.decision.SetCpus;
import io.numaagent.api.decision.SetIrqAffinity;
import io.numaagent.api.decision.SetMems;
import io.numaagent.api.plugin.PluginConfig;
import io.numaagent.api.snapshot.Container;
import io.numaagent.api.snapshot.Interrupt;
import io.numaagent.api.snapshot.CpuPower;
import io.numaagent.api.snapshot.Platform;
import io.numaagent.api.snapshot.QosClass;
import io.numaagent.api.snapshot.Resources;
import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.api.snapshot.Task;
import io.numaagent.api.snapshot.TaskDevice;
import io.numaagent.api.snapshot.TaskMeasurements;
import io.numaagent.api.snapshot.ThreadScheduling;
import io.numaagent.api.testing.RecordingPluginContext;
import io.numaagent.api.testing.TestMachine;
import io.numaagent.plugins.topologyaware.alloc.ContainerPreferences;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Drives the plugin over one machine: containers come and go, each {@link #step} is one cycle, and the
 * decisions are applied to a record of every container's cpuset and memory set.
 */
final class Harness {

    static final long MI = 1L << 20;

    final TestMachine machine;
    final RecordingPluginContext context;
    final Path state;
    private final Map<String, Object> config;
    private final Map<String, ContainerPreferences> prefs = new HashMap<>();
    private final Map<String, Task> tasks = new LinkedHashMap<>();
    final Map<String, String> cpus = new TreeMap<>();
    final Map<String, String> mems = new TreeMap<>();
    /**
     * The CPU weight each container's cgroup file holds (on the machine's cgroup version) once set; else the
     * kernel's default, 100 for {@code cpu.weight} (v2), 1024 for {@code cpu.shares} (v1): the cpu controller is on.
     */
    final Map<String, Long> weights = new TreeMap<>();
    /** How each container's threads run (by unit: its sub-cgroup, or the task's id), as the runner reads them. */
    final Map<String, List<ThreadScheduling>> threads = new TreeMap<>();
    /** The machine's interrupts by number, with the affinities set so far. */
    final Map<Integer, Interrupt> interrupts = new TreeMap<>();
    /** The CPUs' frequency and idle settings the snapshots show; set-cpu-class decisions are applied to them. */
    CpuPower power = CpuPower.NONE;
    TopologyAwarePlugin plugin;
    /** Outcomes the next snapshot carries (then cleared): what the executor made of earlier decisions. */
    List<io.numaagent.api.decision.Outcome> outcomes = List.of();
    List<Decision> last = List.of();
    private long sequence;
    Instant time = Instant.parse("2026-01-01T00:00:00Z");

    Harness(TestMachine machine, Path state, Map<String, Object> config) {
        this.machine = machine;
        this.state = state;
        this.config = config;
        this.context = new RecordingPluginContext(TopologyAwarePluginFactory.NAME, state);
        this.plugin = newPlugin();
    }

    TopologyAwarePlugin newPlugin() {
        TopologyAwarePluginFactory f = new TopologyAwarePluginFactory();
        Function<Task, ContainerPreferences> p = t -> prefs.get(t.id()); // null: the task's annotations decide
        return new TopologyAwarePlugin(TopologyAwareSettings.from(PluginConfig.of(f.configKeys(), config)), context, p);
    }

    /** A container: CPU request and limit in milli-CPU, memory request and limit in MiB. */
    Harness add(String id, QosClass qos, long cpuReq, long cpuLim, long memReqMi, long memLimMi) {
        return add(id, qos, cpuReq, cpuLim, memReqMi, memLimMi, Map.of());
    }

    Harness add(String id, QosClass qos, long cpuReq, long cpuLim, long memReqMi, long memLimMi,
                Map<String, String> labels) {
        tasks.put(id, new Task(id, id.substring(id.lastIndexOf('/') + 1), id, List.of(), List.of(), labels, Map.of(),
                new Resources(cpuReq, cpuLim, memReqMi * MI, memLimMi * MI), qos, TaskMeasurements.NONE));
        return this;
    }

    /** A pod task {@code id} of these containers (whose ids are their sub-cgroups), QoS from each container. */
    Harness pod(String id, Container... containers) {
        return pod(id, QosClass.UNKNOWN, containers);
    }

    /** A pod task of this QoS class (as the kubelet gives a pod one). */
    Harness pod(String id, QosClass qos, Container... containers) {
        List<String> subs = java.util.Arrays.stream(containers).map(Container::cgroupPath).toList();
        tasks.put(id, new Task(id, id.substring(id.lastIndexOf('/') + 1), id, subs, List.of(), Map.of(), Map.of(),
                Resources.NONE, qos, TaskMeasurements.NONE, List.of(containers)));
        return this;
    }

    /** A container in sub-cgroup {@code id}: CPU request and limit in milli-CPU, memory in MiB. */
    static Container container(String id, QosClass qos, long cpuReq, long cpuLim, long memReqMi, long memLimMi) {
        return new Container(id.substring(id.lastIndexOf('/') + 1), id, new Resources(cpuReq, cpuLim, memReqMi * MI,
                memLimMi * MI), qos, CpuSet.EMPTY, NodeSet.EMPTY);
    }

    Harness guaranteed(String id, long milliCpu) {
        return add(id, QosClass.GUARANTEED, milliCpu, milliCpu, 100, 100);
    }

    Harness bestEffort(String id) {
        return add(id, QosClass.BEST_EFFORT, 0, 0, 0, 0);
    }

    /** Gives a container these annotations (pod annotations of a one-container pod). */
    Harness annotate(String id, Map<String, String> annotations) {
        Task t = tasks.get(id);
        tasks.put(id, new Task(t.id(), t.name(), t.cgroupPath(), t.subCgroups(), t.pids(), t.labels(), annotations,
                t.requested(), t.qos(), t.measurements(), t.containers(), t.devices()));
        return this;
    }

    /** Gives a task the devices its containers use, as the runner reads them. */
    Harness devices(String id, List<TaskDevice> devices) {
        tasks.put(id, tasks.get(id).withDevices(devices));
        return this;
    }

    /** An interrupt of the machine, movable, at this {@code smp_affinity_list}. */
    Harness interrupt(int number, String description, String affinity) {
        interrupts.put(number, new Interrupt(number, description, CpuSet.parse(affinity), CpuSet.EMPTY, true));
        return this;
    }

    /** Marks an interrupt as one the kernel refused to move (as the runner shows it after an EIO). */
    Harness unmovable(int number) {
        interrupts.computeIfPresent(number, (n, i) -> i.unmovable());
        return this;
    }

    /** The interrupts' affinities, {@code number=list}. */
    Map<Integer, String> irqAffinities() {
        Map<Integer, String> out = new TreeMap<>();
        interrupts.forEach((n, i) -> out.put(n, i.affinity().toString()));
        return out;
    }

    /** Gives the container in sub-cgroup {@code sub} of pod {@code pod} what the kubelet assigned to it. */
    Harness podResources(String pod, String sub, io.numaagent.api.snapshot.PodResources r) {
        Task t = tasks.get(pod);
        tasks.put(pod, new Task(t.id(), t.name(), t.cgroupPath(), t.subCgroups(), t.pids(), t.labels(),
                t.annotations(), t.requested(), t.qos(), t.measurements(), t.containers().stream()
                .map(c -> c.cgroupPath().equals(sub) ? c.withPodResources(r) : c).toList(), t.devices()));
        return this;
    }

    Harness prefer(String id, ContainerPreferences p) {
        prefs.put(id, p);
        return this;
    }

    /** Removes a task (a pod with its containers). */
    Harness remove(String id) {
        Task t = tasks.remove(id);
        for (String unit : unitsOf(t)) {
            cpus.remove(unit);
            mems.remove(unit);
            weights.remove(unit);
        }
        return this;
    }

    /** The ids a task's cpusets are recorded under: its containers' sub-cgroups, else its id. */
    private static List<String> unitsOf(Task t) {
        return t.containers().isEmpty() ? List.of(t.id()) : t.containers().stream().map(Container::cgroupPath).toList();
    }

    Harness advance(Duration d) {
        time = time.plus(d);
        return this;
    }

    /** The containers, each with the cpuset and memory set applied so far as its cgroup would show them. */
    Snapshot snapshot() {
        List<Task> measured = new ArrayList<>();
        for (Task t : tasks.values()) {
            TaskMeasurements m = new TaskMeasurements(Map.of(), -1, -1, -1, -1,
                    CpuSet.parse(cpus.getOrDefault(t.id(), "")), NodeSet.parse(mems.getOrDefault(t.id(), "")),
                    CpuSet.EMPTY, NodeSet.EMPTY, false, weight(t.id()));
            List<Container> containers = t.containers().stream().map(c -> new Container(c.name(), c.cgroupPath(),
                    c.requested(), c.qos(), CpuSet.parse(cpus.getOrDefault(c.cgroupPath(), "")),
                    NodeSet.parse(mems.getOrDefault(c.cgroupPath(), "")), weight(c.cgroupPath()), c.podResources()))
                    .toList();
            List<ThreadScheduling> seen = unitsOf(t).stream().flatMap(u -> threads.getOrDefault(u, List.of()).stream())
                    .toList();
            measured.add(new Task(t.id(), t.name(), t.cgroupPath(), t.subCgroups(), t.pids(), t.labels(),
                    t.annotations(), t.requested(), t.qos(), m, containers, t.devices(), seen));
        }
        return new Snapshot(++sequence, time, machine.platform(),
                machine.kernelState().withInterrupts(List.copyOf(interrupts.values())), measured, outcomes, List.of(),
                List.of(), power);
    }

    private long weight(String unit) {
        return weights.getOrDefault(unit, machine.cgroupVersion() == Platform.CGROUP_V1 ? 1024L : 100L);
    }

    /** One cycle; returns the decisions, applied to {@link #cpus}, {@link #mems} and {@link #weights}. */
    List<Decision> step() {
        last = plugin.decide(snapshot());
        outcomes = List.of();
        for (Decision d : last) {
            if (d instanceof SetCpus c) {
                cpus.put(c.subCgroup() != null ? c.subCgroup() : c.task(), c.cpus().toString());
            } else if (d instanceof SetMems m) {
                mems.put(m.subCgroup() != null ? m.subCgroup() : m.task(), m.mems().toString());
            } else if (d instanceof SetCpuShares s) {
                weights.put(s.subCgroup() != null ? s.subCgroup() : s.task(), s.fileValue(machine.cgroupVersion()));
            } else if (d instanceof SetSchedulingClass sc) {
                String unit = sc.subCgroup() != null ? sc.subCgroup() : sc.task();
                threads.computeIfPresent(unit, (u, seen) -> seen.stream().map(t -> asSet(t, sc.parameters())).toList());
            } else if (d instanceof SetIrqAffinity i) {
                interrupts.computeIfPresent(i.irq(), (n, irq) -> irq.withAffinity(i.cpus()));
            } else {
                power = power.after(d);
            }
        }
        return last;
    }

    /** How threads seen so run once {@code p} is set (as the kernel reports it back; fifo, rr, other, batch, idle). */
    static ThreadScheduling asSet(ThreadScheduling t, SchedulingParameters p) {
        return new ThreadScheduling(t.cgroupPath(), p.setsPolicy() ? p.policy() : t.policy(),
                p.setsPolicy() ? p.priority() : t.priority(), p.setsNice() ? p.niceValue() : t.nice(),
                p.setsPolicy() ? p.flags().stream().filter("reset-on-fork"::equals).toList() : t.flags(), 0, 0, 0,
                p.setsIo() ? p.ioClass() : t.ioClass(), p.setsIo() ? p.ioPriority() : t.ioPriority(), t.threads());
    }

    /** {@code id=cpus/mems} of every container (a pod's: by sub-cgroup), sorted by id. */
    Map<String, String> placement() {
        Map<String, String> out = new TreeMap<>();
        for (Task t : tasks.values()) {
            for (String id : unitsOf(t)) {
                out.put(id, cpus.getOrDefault(id, "-") + " / " + mems.getOrDefault(id, "-"));
            }
        }
        return out;
    }
}
