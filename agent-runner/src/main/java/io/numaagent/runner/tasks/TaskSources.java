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
        return create(config, host, KubernetesTaskSource.ApiHealth.NONE);
    }

    /**
     * One source for one config entry, reading {@code host}; a {@code kubernetes} source tells
     * {@code apiHealth} each cycle whether it reached the API server.
     *
     * @throws IllegalArgumentException when a source cannot be made (a kubeconfig that cannot be used)
     */
    public static TaskSource create(TaskSourceConfig config, Host host, KubernetesTaskSource.ApiHealth apiHealth) {
        if (config instanceof TaskSourceConfig.Static s) {
            return new StaticTaskSource(s);
        }
        if (config instanceof TaskSourceConfig.Cgroups c) {
            return new CgroupScanTaskSource(c);
        }
        if (config instanceof TaskSourceConfig.Processes p) {
            return new ProcessTaskSource(p, host);
        }
        if (config instanceof TaskSourceConfig.Kubernetes k) {
            return new KubernetesTaskSource(k, host, apiHealth);
        }
        throw new IllegalArgumentException("unknown task source " + config);
    }

    /** Sources for every config entry, in order. */
    public static List<TaskSource> create(List<TaskSourceConfig> configs, Host host) {
        return create(configs, host, KubernetesTaskSource.ApiHealth.NONE);
    }

    /** Sources for every config entry, in order; if one cannot be made, those made before it are closed. */
    public static List<TaskSource> create(List<TaskSourceConfig> configs, Host host,
                                          KubernetesTaskSource.ApiHealth apiHealth) {
        List<TaskSource> sources = new java.util.ArrayList<>();
        try {
            for (TaskSourceConfig c : configs) {
                sources.add(create(c, host, apiHealth));
            }
        } catch (RuntimeException e) {
            sources.forEach(TaskSource::close);
            throw e;
        }
        return List.copyOf(sources);
    }
}
