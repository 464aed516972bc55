package io.numaagent.runner.tasks;

import io.numaagent.api.snapshot.QosClass;
import io.numaagent.api.snapshot.Resources;
import io.numaagent.runner.kube.PodInfo;
import io.numaagent.runner.kube.PodInfo.ContainerSpec;
import io.numaagent.runner.kube.Quantities;
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
    static Map<String, String> labels(PodInfo pod) {
        Map<String, String> labels = new LinkedHashMap<>(pod.labels());
        labels.put(POD_NAME, pod.name());
        labels.put(POD_NAMESPACE, nullToEmpty(pod.namespace()));
        labels.put(POD_UID, pod.uid());
        return labels;
    }

    /**
     * The status's {@code qosClass} (set by the API server), else computed as Kubernetes does:
     * Guaranteed when every container has CPU and memory limits equal to its requests, BestEffort
     * when none has any CPU or memory request or limit, else Burstable.
     */
    static QosClass qos(PodInfo pod) {
        String given = pod.qosClass();
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
        for (ContainerSpec c : allContainers(pod)) {
            for (String[] requestAndLimit : List.of(new String[] {c.cpuRequest(), c.cpuLimit()},
                    new String[] {c.memoryRequest(), c.memoryLimit()})) {
                String limit = requestAndLimit[1];
                String request = requestAndLimit[0] != null ? requestAndLimit[0] : limit; // defaults to the limit
                any |= limit != null || request != null;
                if (limit == null || request == null || amount(limit).compareTo(amount(request)) != 0) {
                    guaranteed = false;
                }
            }
        }
        return !any ? QosClass.BEST_EFFORT : guaranteed ? QosClass.GUARANTEED : QosClass.BURSTABLE;
    }

    /** One container's requests and limits (a request left out defaults to the limit, as Kubernetes does). */
    static Resources resources(ContainerSpec c) {
        return new Resources(millicores(c.cpuRequest() != null ? c.cpuRequest() : c.cpuLimit()),
                millicores(c.cpuLimit()), bytes(c.memoryRequest() != null ? c.memoryRequest() : c.memoryLimit()),
                bytes(c.memoryLimit()));
    }

    /**
     * The pod's effective requests and limits, as the scheduler counts them: the sum over its
     * containers, or the largest init container's when that is more; a limit only when every
     * container has one (else 0, "not given").
     */
    static Resources resources(PodInfo pod) {
        List<Resources> app = pod.containers().stream().map(PodFacts::resources).toList();
        long cpuReq = app.stream().mapToLong(Resources::cpuRequestMillis).sum();
        long memReq = app.stream().mapToLong(Resources::memoryRequestBytes).sum();
        long cpuLim = app.stream().allMatch(x -> x.cpuLimitMillis() > 0)
                ? app.stream().mapToLong(Resources::cpuLimitMillis).sum() : 0;
        long memLim = app.stream().allMatch(x -> x.memoryLimitBytes() > 0)
                ? app.stream().mapToLong(Resources::memoryLimitBytes).sum() : 0;
        for (ContainerSpec init : pod.initContainers()) {
            Resources r = resources(init);
            cpuReq = Math.max(cpuReq, r.cpuRequestMillis());
            memReq = Math.max(memReq, r.memoryRequestBytes());
            cpuLim = cpuLim == 0 ? 0 : Math.max(cpuLim, r.cpuLimitMillis());
            memLim = memLim == 0 ? 0 : Math.max(memLim, r.memoryLimitBytes());
        }
        return new Resources(cpuReq, cpuLim, memReq, memLim);
    }

    /** The spec of the container {@code name} (app or init), if there is one. */
    static ContainerSpec spec(PodInfo pod, String name) {
        for (ContainerSpec c : allContainers(pod)) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        return null;
    }

    private static List<ContainerSpec> allContainers(PodInfo pod) {
        List<ContainerSpec> all = new ArrayList<>(pod.initContainers());
        all.addAll(pod.containers());
        return all;
    }

    private static long millicores(String q) {
        return q == null ? 0 : Math.max(0, amount(q).movePointRight(3).setScale(0, java.math.RoundingMode.CEILING)
                .longValueExact());
    }

    private static long bytes(String q) {
        return q == null ? 0 : Math.max(0, amount(q).setScale(0, java.math.RoundingMode.CEILING).longValueExact());
    }

    private static BigDecimal amount(String q) {
        return Quantities.amount(q);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
