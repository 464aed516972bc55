package io.numaagent.runner.tasks;

import io.numaagent.api.snapshot.Container;
import io.numaagent.api.snapshot.Task;
import io.numaagent.runner.config.TaskSourceConfig;
import io.numaagent.runner.host.CgroupReads;
import io.numaagent.runner.host.ReadProblems;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code type: static}: a fixed list of cgroups with configured labels, annotations, resources and QoS. A cgroup
 * that does not exist is reported and left out of this cycle. Sub-cgroups that hold processes are
 * listed as the task's {@code subCgroups}. Declared containers become the task's {@code containers}
 * (with their sub-cgroups, also before their processes start); one whose cgroup does not exist is
 * reported and left out of this cycle.
 */
public final class StaticTaskSource implements TaskSource {

    private final TaskSourceConfig.Static config;

    public StaticTaskSource(TaskSourceConfig.Static config) {
        this.config = config;
    }

    @Override
    public List<Task> discover(CgroupReads cgroups, ReadProblems problems) {
        List<Task> tasks = new ArrayList<>();
        for (TaskSourceConfig.StaticTask t : config.tasks()) {
            String path = CgroupTasks.normalize(t.cgroup());
            if (!cgroups.exists(path)) {
                problems.report(cgroups.layout().processDir(path), ReadProblems.Kind.MISSING,
                        "cgroup of static task " + path + " does not exist");
                continue;
            }
            String name = t.name() == null || t.name().isBlank() ? CgroupTasks.lastElement(path) : t.name();
            List<String> subs = new ArrayList<>(CgroupTasks.subCgroupsWithProcesses(cgroups, path));
            List<Container> containers = new ArrayList<>();
            for (TaskSourceConfig.StaticContainer c : t.containers()) {
                String sub = path.equals("/") ? "/" + c.subCgroup() : path + "/" + c.subCgroup();
                if (!cgroups.exists(sub)) {
                    problems.report(cgroups.layout().processDir(sub), "cgroup of container " + c.name()
                            + " of static task " + path + " does not exist");
                    continue;
                }
                if (!subs.contains(sub)) {
                    subs.add(sub); // a container's cgroup is the task's before its processes start
                }
                containers.add(CgroupTasks.container(cgroups, c.name(), sub, c.resources(), c.qos()));
            }
            tasks.add(CgroupTasks.build(cgroups, path, name, subs, t.labels(), t.annotations(), t.resources(), t.qos(),
                    containers));
        }
        return tasks;
    }
}
