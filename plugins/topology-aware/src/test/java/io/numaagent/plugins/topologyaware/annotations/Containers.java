package io.numaagent.plugins.topologyaware.annotations;

import io.numaagent.api.snapshot.QosClass;
import java.util.Map;

/** Pods and containers shared by the annotation tests. */
final class Containers {

    private Containers() {
    }

    static PodInfo pod(String id, String name, String namespace, QosClass qos, Map<String, String> labels) {
        return new PodInfo(id, "uid-" + name, name, namespace, qos, labels);
    }

    static ContainerInfo container(PodInfo pod, String name) {
        return ContainerInfo.of(pod.id() + "/" + name, name, pod, pod.labels());
    }

    /** prod/web (Burstable, app=web tier=front) with container nginx tagged role=lb. */
    static ContainerInfo nginx() {
        PodInfo web = pod("/kubepods/burstable/podA", "web", "prod", QosClass.BURSTABLE,
                Map.of("app", "web", "tier", "front"));
        ContainerInfo c = container(web, "nginx");
        return new ContainerInfo(c.id(), c.name(), c.pod(), c.labels(), Map.of("role", "lb"));
    }
}
