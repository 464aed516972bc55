package io.numaagent.runner.tasks;

import io.numaagent.api.snapshot.Container;
import io.numaagent.api.snapshot.QosClass;
import io.numaagent.api.snapshot.Resources;
import io.numaagent.api.snapshot.Task;
import io.numaagent.runner.host.CgroupReads;
import io.numaagent.runner.host.TaskMeasurementReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds a {@link Task} for a cgroup; shared by the cgroup-based sources. */
final class CgroupTasks {

    private CgroupTasks() {
    }

    static Task build(CgroupReads cgroups, String cgroupPath, String name, List<String> subCgroups,
                      Map<String, String> labels, Map<String, String> annotations, Resources resources,
                      QosClass qos, List<Container> containers) {
        return new Task(cgroupPath, name, cgroupPath, subCgroups, cgroups.pids(cgroupPath),
                labels, annotations, resources == null ? Resources.NONE : resources,
                qos == null ? QosClass.UNKNOWN : qos, cgroups.measurements(cgroupPath), containers);
    }

    /**
     * A container in {@code subCgroup}, with the cpuset that cgroup shows now (only the cpuset is
     * read: a container's memory and CPU time are its task's, read once at the task's cgroup).
     */
    static Container container(CgroupReads cgroups, String name, String subCgroup, Resources requested, QosClass qos) {
        TaskMeasurementReader.Cpuset set = cgroups.cpuset(subCgroup);
        return new Container(name, subCgroup, requested, qos, set.cpus(), set.mems());
    }

    /** One container per sub-cgroup, named by its last path element, requests unknown. */
    static List<Container> unknownContainers(CgroupReads cgroups, List<String> subCgroups) {
        List<Container> out = new ArrayList<>(subCgroups.size());
        for (String sub : subCgroups) {
            out.add(container(cgroups, lastElement(sub), sub, Resources.NONE, QosClass.UNKNOWN));
        }
        return out;
    }

    /** Cgroups below {@code cgroupPath} whose own {@code cgroup.procs} is not empty. */
    static List<String> subCgroupsWithProcesses(CgroupReads cgroups, String cgroupPath) {
        List<String> subs = new ArrayList<>();
        for (String d : cgroups.descendants(cgroupPath)) {
            if (!cgroups.ownPids(d).isEmpty()) {
                subs.add(d);
            }
        }
        return subs;
    }

    /** {@code batch/a/} to {@code /batch/a}. */
    static String normalize(String cgroupPath) {
        String p = cgroupPath.strip();
        while (p.endsWith("/") && p.length() > 1) {
            p = p.substring(0, p.length() - 1);
        }
        return p.startsWith("/") ? p : "/" + p;
    }

    static String lastElement(String cgroupPath) {
        int slash = cgroupPath.lastIndexOf('/');
        String last = cgroupPath.substring(slash + 1);
        return last.isEmpty() ? "/" : last;
    }
}
