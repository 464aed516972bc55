package io.numaagent.runner.config;

import io.numaagent.api.snapshot.QosClass;
import io.numaagent.api.snapshot.Resources;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** One entry of the {@code task_sources:} list of the YAML config. */
public sealed interface TaskSourceConfig {

    /**
     * {@code type: static}: a fixed list of cgroups.
     */
    record Static(List<StaticTask> tasks) implements TaskSourceConfig {
        public Static {
            tasks = List.copyOf(tasks);
        }
    }

    /**
     * One task of a static source.
     *
     * @param cgroup    cgroup path relative to the cgroup root, e.g. {@code /batch/a}
     * @param name      display name; defaults to the last path element
     * @param labels    labels
     * @param resources requested resources
     * @param qos        QoS class
     * @param containers the pod's containers (empty: the task is one unit)
     * @param annotations annotations (a plugin's per-task settings, as a pod's annotations are)
     */
    record StaticTask(String cgroup, String name, Map<String, String> labels, Resources resources, QosClass qos,
                      List<StaticContainer> containers, Map<String, String> annotations) {
        public StaticTask {
            labels = Map.copyOf(labels);
            containers = List.copyOf(containers);
            annotations = Map.copyOf(annotations);
        }

        /** A task without annotations. */
        public StaticTask(String cgroup, String name, Map<String, String> labels, Resources resources, QosClass qos,
                          List<StaticContainer> containers) {
            this(cgroup, name, labels, resources, qos, containers, Map.of());
        }

        /** A task without containers. */
        public StaticTask(String cgroup, String name, Map<String, String> labels, Resources resources, QosClass qos) {
            this(cgroup, name, labels, resources, qos, List.of());
        }
    }

    /**
     * One container of a static task.
     *
     * @param name      container name
     * @param subCgroup its cgroup relative to the task's, e.g. {@code ctr1}
     * @param resources requested resources
     * @param qos       QoS class ({@link QosClass#UNKNOWN}: the task's)
     */
    record StaticContainer(String name, String subCgroup, Resources resources, QosClass qos) {
    }

    /**
     * {@code type: cgroups}: every cgroup under the parents that holds processes.
     *
     * @param parents cgroup paths to scan, e.g. {@code /kubepods.slice}
     * @param glob    optional glob the cgroup's path relative to its parent must match ({@code null} = all)
     * @param depth   how many levels below a parent to look (1 = direct children)
     */
    record Cgroups(List<String> parents, String glob, int depth) implements TaskSourceConfig {
        public Cgroups {
            parents = List.copyOf(parents);
        }
    }

    /**
     * {@code type: processes}: processes whose command line matches.
     *
     * @param commandRegex  regex searched in {@code /proc/PID/cmdline} (arguments joined by spaces)
     * @param minRssBytes   minimum resident set size
     */
    record Processes(String commandRegex, long minRssBytes) implements TaskSourceConfig {
    }

    /**
     * {@code type: kubernetes}: the pods bound to this node, watched through the Kubernetes API.
     *
     * @param nodeName           the node whose pods are tasks ({@code null}: {@code NODE_NAME}, else the host name)
     * @param kubeconfig         kubeconfig file ({@code null}: {@code KUBECONFIG} or {@code ~/.kube/config} when there
     *                           is one, else the pod's service account)
     * @param cgroupDriver       the kubelet's cgroup driver, which decides how pod cgroups are named
     * @param initialListTimeout how long the first cycle waits for the first list of pods
     * @param podResourcesSocket the kubelet's pod-resources socket; empty: never asked
     * @param podResourcesTimeout how long one call to it may take
     */
    record Kubernetes(String nodeName, String kubeconfig, CgroupDriver cgroupDriver, Duration initialListTimeout,
                      String podResourcesSocket, Duration podResourcesTimeout) implements TaskSourceConfig {

        /** A source whose kubelet serves pod resources at the default socket. */
        public Kubernetes(String nodeName, String kubeconfig, CgroupDriver cgroupDriver, Duration initialListTimeout) {
            this(nodeName, kubeconfig, cgroupDriver, initialListTimeout,
                    io.numaagent.runner.kube.podresources.PodResourcesClient.DEFAULT_SOCKET,
                    io.numaagent.runner.kube.podresources.PodResourcesClient.TIMEOUT);
        }
    }

    /** The kubelet's {@code cgroupDriver}; {@code AUTO} looks for both layouts. */
    enum CgroupDriver {
        AUTO, SYSTEMD, CGROUPFS
    }
}
