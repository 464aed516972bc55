package io.numaagent.runner.tasks;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.numaagent.api.snapshot.QosClass;
import io.numaagent.api.snapshot.Resources;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a pod's task says besides its cgroups: labels (the pod's, plus the kubelet's CRI labels
 * {@value #POD_NAME}, {@value #POD_NAMESPACE}, {@value #POD_UID} that plugins read), QoS class and
 * the resources of the pod and of each container, as Kubernetes computes them.
 */
final class PodFacts {

    static final String POD_NAME = "io.kubernetes.pod.name";
    static final String POD_NAMESPACE = "io.kubernetes.pod.namespace";
    static final String POD_UID = "io.kubernetes.pod.uid";
    /** Task annotation naming the container of a sub-cgroup, {@code <prefix><leaf>: <name>} (topology-aware reads it). */
    static final String CONTAINER_NAME_ANNOTATION = "numa-agent.io/container-name.";

    private PodFacts() {
    }

    /** The pod's labels and the CRI pod labels. */
    static Map<String, String> labels(Pod pod) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (pod.getMetadata().getLabels() != null) {
            labels.putAll(pod.getMetadata().getLabels());
        }
        labels.put(POD_NAME, pod.getMetadata().getName());
        labels.put(POD_NAMESPACE, nullToEmpty(pod.getMetadata().getNamespace()));
        labels.put(POD_UID, pod.getMetadata().getUid());
        return labels;
    }

    /** {@code namespace/name}, for messages. */
    static String name(Pod pod) {
        String ns = pod.getMetadata().getNamespace();
        return (ns == null || ns.isEmpty() ? "" : ns + "/") + pod.getMetadata().getName();
    }

    /**
     * The status's {@code qosClass} (set by the API server), else computed as Kubernetes does:
     * Guaranteed when every container has CPU and memory limits equal to its requests, BestEffort
     * when none has any CPU or memory request or limit, else Burstable.
     */
    static QosClass qos(Pod pod) {
        String given = pod.getStatus() == null ? null : pod.getStatus().getQosClass();
        if (given != null) {
            switch (given) {
                case "Guaranteed":
                    return QosClass.GUARANTEED;
                case "Burstable":
                    return QosClass.BURSTABLE;
                case "BestEffort":
                    return QosClass.BEST_EFFORT;
                default:
                    break; // an unknown spelling: compute it
            }
        }
        boolean any = false;
        boolean guaranteed = true;
        for (Container c : allContainers(pod)) {
            ResourceRequirements r = c.getResources();
            Map<String, Quantity> requests = r == null || r.getRequests() == null ? Map.of() : r.getRequests();
            Map<String, Quantity> limits = r == null || r.getLimits() == null ? Map.of() : r.getLimits();
            for (String resource : List.of("cpu", "memory")) {
                Quantity limit = limits.get(resource);
                Quantity request = requests.getOrDefault(resource, limit); // a request defaults to the limit
                any |= limit != null || request != null;
                if (limit == null || request == null || amount(limit).compareTo(amount(request)) != 0) {
                    guaranteed = false;
                }
            }
        }
        return !any ? QosClass.BEST_EFFORT : guaranteed ? QosClass.GUARANTEED : QosClass.BURSTABLE;
    }

    /** One container's requests and limits (a request left out defaults to the limit, as Kubernetes does). */
    static Resources resources(Container c) {
        ResourceRequirements r = c.getResources();
        if (r == null) {
            return Resources.NONE;
        }
        Map<String, Quantity> limits = r.getLimits() == null ? Map.of() : r.getLimits();
        Map<String, Quantity> requests = r.getRequests() == null ? Map.of() : r.getRequests();
        return new Resources(millicores(requests.getOrDefault("cpu", limits.get("cpu"))), millicores(limits.get("cpu")),
                bytes(requests.getOrDefault("memory", limits.get("memory"))), bytes(limits.get("memory")));
    }

    /**
     * The pod's effective requests and limits, as the scheduler counts them: the sum over its
     * containers, or the largest init container's when that is more; a limit only when every
     * container has one (else 0, "not given").
     */
    static Resources resources(Pod pod) {
        List<Resources> app = pod.getSpec().getContainers().stream().map(PodFacts::resources).toList();
        long cpuReq = app.stream().mapToLong(Resources::cpuRequestMillis).sum();
        long memReq = app.stream().mapToLong(Resources::memoryRequestBytes).sum();
        long cpuLim = app.stream().allMatch(x -> x.cpuLimitMillis() > 0)
                ? app.stream().mapToLong(Resources::cpuLimitMillis).sum() : 0;
        long memLim = app.stream().allMatch(x -> x.memoryLimitBytes() > 0)
                ? app.stream().mapToLong(Resources::memoryLimitBytes).sum() : 0;
        for (Container init : nullToEmpty(pod.getSpec().getInitContainers())) {
            Resources r = resources(init);
            cpuReq = Math.max(cpuReq, r.cpuRequestMillis());
            memReq = Math.max(memReq, r.memoryRequestBytes());
            cpuLim = cpuLim == 0 ? 0 : Math.max(cpuLim, r.cpuLimitMillis());
            memLim = memLim == 0 ? 0 : Math.max(memLim, r.memoryLimitBytes());
        }
        return new Resources(cpuReq, cpuLim, memReq, memLim);
    }

    /** The spec of the container {@code name} (app or init), if there is one. */
    static Container spec(Pod pod, String name) {
        for (Container c : allContainers(pod)) {
            if (c.getName().equals(name)) {
                return c;
            }
        }
        return null;
    }

    private static List<Container> allContainers(Pod pod) {
        List<Container> all = new ArrayList<>(nullToEmpty(pod.getSpec().getInitContainers()));
        all.addAll(nullToEmpty(pod.getSpec().getContainers()));
        return all;
    }

    private static long millicores(Quantity q) {
        return q == null ? 0 : Math.max(0, amount(q).movePointRight(3).setScale(0, java.math.RoundingMode.CEILING)
                .longValueExact());
    }

    private static long bytes(Quantity q) {
        return q == null ? 0 : Math.max(0, amount(q).setScale(0, java.math.RoundingMode.CEILING).longValueExact());
    }

    private static BigDecimal amount(Quantity q) {
        return Quantity.getAmountInBytes(q);
    }

    private static <T> List<T> nullToEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
