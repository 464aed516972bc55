package io.numaagent.runner.tasks;

import io.numaagent.api.snapshot.QosClass;
import io.numaagent.api.snapshot.Resources;
import io.numaagent.api.snapshot.Task;
import io.numaagent.runner.host.ReadProblems;
import io.numaagent.runner.host.TaskMeasurementReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds a {@link Task} for a cgroup; shared by the cgroup-based sources. */
final class CgroupTasks {

    private CgroupTasks() {
    }

    static Task build(TaskMeasurementReader reader, String cgroupPath, String name, List<String> subCgroups,
                      Map<String, String> labels, Map<String, String> annotations, Resources resources,
                      QosClass qos, ReadProblems problems) {
        return new Task(cgroupPath, name, cgroupPath, subCgroups, reader.pids(cgroupPath, problems),
                labels, annotations, resources == null ? Resources.NONE : resources,
                qos == null ? QosClass.UNKNOWN : qos, reader.read(cgroupPath, problems));
    }

    /** Cgroups below {@code cgroupPath} whose own {@code cgroup.procs} is not empty. */
    static List<String> subCgroupsWithProcesses(TaskMeasurementReader reader, String cgroupPath, ReadProblems problems) {
        List<String> subs = new ArrayList<>();
        for (String d : reader.descendants(cgroupPath, problems)) {
            if (!reader.ownPids(d, problems).isEmpty()) {
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
