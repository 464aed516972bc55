package io.numaagent.runner.tasks;

import io.numaagent.api.snapshot.Container;
import io.numaagent.api.snapshot.Task;
import io.numaagent.api.snapshot.TaskDevice;
import io.numaagent.runner.host.CgroupReads;
import io.numaagent.runner.host.ContainerDevices;
import io.numaagent.runner.host.HostFiles;
import io.numaagent.runner.host.HostPaths;
import io.numaagent.runner.host.ProcParsers;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The devices of each task's containers ({@link Task#devices()}), read once per container: kept by
 * cgroup while its first process (pid and start time) stays the same, read again when it changes,
 * forgotten when the cgroup is gone. Only used when a running plugin reads devices.
 */
public final class TaskDeviceCache {

    private static final Logger LOG = LoggerFactory.getLogger(TaskDeviceCache.class);

    private record Entry(int pid, String startTime, List<TaskDevice> devices) {
    }

    private final HostPaths paths;
    private final ContainerDevices reader;
    private Map<String, Entry> byCgroup = new HashMap<>();
    private long reads;
    private long skipped;

    public TaskDeviceCache(HostPaths paths, ContainerDevices reader) {
        this.paths = paths;
        this.reader = reader;
    }

    /** The tasks with their devices: each container's, or the task's own when it has no containers. */
    public List<Task> withDevices(List<Task> tasks, CgroupReads cgroups) {
        Map<String, Entry> seen = new HashMap<>();
        List<Task> out = new ArrayList<>(tasks.size());
        for (Task t : tasks) {
            List<TaskDevice> devices = new ArrayList<>();
            if (t.containers().isEmpty()) {
                devices.addAll(devicesOf(t.isProcess() ? t.id() : t.cgroupPath(), t.cgroupPath(), t.pids(), seen));
            } else {
                for (Container c : t.containers()) {
                    devices.addAll(devicesOf(c.cgroupPath(), c.cgroupPath(), cgroups.pids(c.cgroupPath()), seen));
                }
            }
            out.add(devices.isEmpty() ? t : t.withDevices(devices));
        }
        byCgroup = seen;
        return out;
    }

    /** How many containers were read so far (not kept from before). */
    public long reads() {
        return reads;
    }

    /** How many mounts and device nodes could not be resolved so far. */
    public long skipped() {
        return skipped;
    }

    /** {@code key}: the cgroup, or a process task's id (processes of one cgroup are tasks of their own). */
    private List<TaskDevice> devicesOf(String key, String cgroup, List<Integer> pids, Map<String, Entry> seen) {
        if (cgroup == null || pids.isEmpty()) {
            return List.of();
        }
        Entry known = seen.get(key);
        if (known != null) { // a cgroup listed by two tasks: read once
            return known.devices();
        }
        int pid = pids.get(0);
        String start;
        try {
            start = ProcParsers.startTime(HostFiles.readText(paths.proc(pid + "/stat")));
        } catch (IOException e) {
            return List.of(); // the process is gone: next cycle's first process is asked
        }
        Entry e = byCgroup.get(key);
        if (e == null || e.pid() != pid || !e.startTime().equals(start)) {
            ContainerDevices.Found f = reader.read(cgroup, pid);
            reads++;
            skipped += f.skipped();
            if (f.skipped() > 0) {
                LOG.debug("{} (pid {}): {} mounts or devices without sysfs facts: {}", cgroup, pid, f.skipped(),
                        f.reasons());
            }
            e = new Entry(pid, start, f.devices());
        }
        seen.put(key, e);
        return e.devices();
    }
}
