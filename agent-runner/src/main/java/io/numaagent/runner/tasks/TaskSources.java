package io.numaagent.runner.tasks;

import io.numaagent.runner.config.TaskSourceConfig;
import io.numaagent.runner.host.Host;
import java.util.List;

/** Builds task sources from the {@code task_sources:} config entries. */
public final class TaskSources {

    private TaskSources() {
    }

    /** One source for one config entry, reading {@code host}. */
    public static TaskSource create(TaskSourceConfig config, Host host) {
        if (config instanceof TaskSourceConfig.Static s) {
            return new StaticTaskSource(s);
        }
        if (config instanceof TaskSourceConfig.Cgroups c) {
            return new CgroupScanTaskSource(c);
        }
        if (config instanceof TaskSourceConfig.Processes p) {
            return new ProcessTaskSource(p, host);
        }
        throw new IllegalArgumentException("unknown task source " + config);
    }

    /** Sources for every config entry, in order. */
    public static List<TaskSource> create(List<TaskSourceConfig> configs, Host host) {
        return configs.stream().map(c -> create(c, host)).toList();
    }
}
