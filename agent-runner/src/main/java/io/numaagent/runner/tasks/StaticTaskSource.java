package io.numaagent.runner.tasks;

import io.numaagent.api.snapshot.Task;
import io.numaagent.runner.config.TaskSourceConfig;
import io.numaagent.runner.host.CgroupReads;
import io.numaagent.runner.host.ReadProblems;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code type: static}: a fixed list of cgroups with configured labels, resources and QoS. A cgroup
 * that does not exist is reported and left out of this cycle. Sub-cgroups that hold processes are
 * listed as the task's {@code subCgroups}.
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
            tasks.add(CgroupTasks.build(cgroups, path, name, CgroupTasks.subCgroupsWithProcesses(cgroups, path),
                    t.labels(), Map.of(), t.resources(), t.qos()));
        }
        return tasks;
    }
}
