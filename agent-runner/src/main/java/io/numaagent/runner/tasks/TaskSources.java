package io.numaagent.runner.tasks;

import io.numaagent.runner.config.TaskSourceConfig;
import io.numaagent.runner.host.HostPaths;
import io.numaagent.runner.host.TaskMeasurementReader;
import java.util.List;

/** Builds task sources from the {@code task_sources:} config entries. */
public final class TaskSources {

    private TaskSources() {
    }

    /** One source for one config entry. */
    public static TaskSource create(TaskSourceConfig config, HostPaths paths, TaskMeasurementReader reader) {
        if (config instanceof TaskSourceConfig.Static s) {
            return new StaticTaskSource(s, reader);
        }
        if (config instanceof TaskSourceConfig.Cgroups c) {
            return new CgroupScanTaskSource(c, reader);
        }
        if (config instanceof TaskSourceConfig.Processes p) {
            return new ProcessTaskSource(p, paths, reader.layout(), reader.pageSize());
        }
        throw new IllegalArgumentException("unknown task source " + config);
    }

    /** Sources for every config entry, in order, sharing one measurement reader (detected layout, 4 KiB pages). */
    public static List<TaskSource> create(List<TaskSourceConfig> configs, HostPaths paths) {
        TaskMeasurementReader reader = new TaskMeasurementReader(paths);
        return configs.stream().map(c -> create(c, paths, reader)).toList();
    }
}
