package io.numaagent.runner.kube;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields of a pod the {@code kubernetes} task source uses, and nothing else (a pod's JSON is
 * mostly fields an agent does not need: volumes, env, probes, managed fields).
 *
 * @param namespace             {@code metadata.namespace}
 * @param name                  {@code metadata.name}
 * @param uid                   {@code metadata.uid}
 * @param resourceVersion       {@code metadata.resourceVersion}
 * @param labels                {@code metadata.labels}
 * @param annotations           {@code metadata.annotations}
 * @param nodeName              {@code spec.nodeName} ({@code null}: not scheduled)
 * @param containers            {@code spec.containers}
 * @param initContainers        {@code spec.initContainers}
 * @param phase                 {@code status.phase}
 * @param qosClass              {@code status.qosClass} ({@code null} until the API server sets it)
 * @param containerStatuses     {@code status.containerStatuses}
 * @param initContainerStatuses {@code status.initContainerStatuses}
 */
public record PodInfo(String namespace, String name, String uid, String resourceVersion, Map<String, String> labels,
                      Map<String, String> annotations, String nodeName, List<ContainerSpec> containers,
                      List<ContainerSpec> initContainers, String phase, String qosClass,
                      List<ContainerStatus> containerStatuses, List<ContainerStatus> initContainerStatuses) {

    public PodInfo {
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels)); // in the pod's order
        annotations = Collections.unmodifiableMap(new LinkedHashMap<>(annotations));
        containers = List.copyOf(containers);
        initContainers = List.copyOf(initContainers);
        containerStatuses = List.copyOf(containerStatuses);
        initContainerStatuses = List.copyOf(initContainerStatuses);
    }

    /**
     * A container of the spec with its CPU and memory requests and limits as written
     * ({@code 500m}, {@code 1Gi}; {@code null}: not given). Other resources are not kept.
     */
    public record ContainerSpec(String name, String cpuRequest, String memoryRequest, String cpuLimit,
                                String memoryLimit) {
    }

    /**
     * A container's status: its {@code containerID} ({@code <runtime>://<id>}, {@code null} before
     * it has one) and whether its state is {@code running}.
     */
    public record ContainerStatus(String name, String containerId, boolean running) {
    }

    /** {@code namespace/name}, for messages. */
    public String fullName() {
        return (namespace == null || namespace.isEmpty() ? "" : namespace + "/") + name;
    }
}
