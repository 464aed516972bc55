package io.numaagent.plugins.topologyaware;

import io.numaagent.api.CpuSet;
import io.numaagent.api.NodeSet;
import io.numaagent.api.snapshot.Container;
import io.numaagent.api.snapshot.QosClass;
import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.api.snapshot.Task;
import io.numaagent.api.snapshot.TaskMeasurements;
import io.numaagent.plugins.topologyaware.annotations.ContainerInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the plugin places (one grant each): a task without containers, or one container of a pod task.
 * The allocator and the request rules see a unit as a task ({@link #view}): for a container, one whose
 * id and cgroup are the container's sub-cgroup, with the container's requests, QoS (else the pod's),
 * cpuset and CPU weight as measured, the devices its first process uses, and the pod's labels and annotations.
 *
 * @param view      the task the allocator sees (the task itself when it has no containers)
 * @param task      the snapshot's task
 * @param subCgroup the container's sub-cgroup, or {@code null} for a whole task
 * @param container the unit as the annotations see it
 */
record PlacementUnit(Task view, Task task, String subCgroup, ContainerInfo container) {

    /** The grant id: the task id, or the container's sub-cgroup (unique on the node). */
    String id() {
        return view.id();
    }

    /** Every unit of the snapshot, in its order (a pod's containers in their order). */
    static List<PlacementUnit> of(Snapshot snapshot) {
        List<PlacementUnit> out = new ArrayList<>();
        for (Task t : snapshot.tasks()) {
            if (t.containers().isEmpty()) {
                out.add(new PlacementUnit(t, t, null, ContainerInfo.allOf(t).get(0)));
                continue;
            }
            for (Container c : t.containers()) {
                out.add(new PlacementUnit(view(t, c), t, c.cgroupPath(), ContainerInfo.of(t, c)));
            }
        }
        return out;
    }

    private static Task view(Task pod, Container c) {
        TaskMeasurements m = new TaskMeasurements(Map.of(), -1, -1, -1, -1, c.cpus(), c.mems(), CpuSet.EMPTY,
                NodeSet.EMPTY, false, c.cpuWeight());
        return new Task(c.cgroupPath(), c.name(), c.cgroupPath(), List.of(), pod.pids(), pod.labels(),
                pod.annotations(), c.requested(), c.qos() != QosClass.UNKNOWN ? c.qos() : pod.qos(), m, List.of(),
                pod.devicesOf(c.cgroupPath()));
    }
}
