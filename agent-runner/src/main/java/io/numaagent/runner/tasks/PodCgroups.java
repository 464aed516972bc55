package io.numaagent.runner.tasks;

import io.numaagent.api.snapshot.QosClass;
import io.numaagent.runner.config.TaskSourceConfig.CgroupDriver;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where the kubelet puts a pod's and its containers' cgroups, below the cgroup root (the same
 * relative paths on cgroup v1, under each controller's hierarchy, and on v2):
 * <ul>
 *   <li>systemd driver: {@code /kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod<uid>.slice},
 *       the uid's {@code -} written {@code _}; BestEffort likewise with {@code besteffort}; Guaranteed pods
 *       directly below {@code kubepods.slice} ({@code kubepods-pod<uid>.slice}). A container is the scope
 *       {@code cri-containerd-<id>.scope} (containerd), {@code crio-<id>.scope} (CRI-O),
 *       {@code docker-<id>.scope} (cri-dockerd).</li>
 *   <li>cgroupfs driver: {@code /kubepods/burstable/pod<uid>}, {@code /kubepods/besteffort/pod<uid>},
 *       {@code /kubepods/pod<uid>}; a container is {@code <id>} (containerd, cri-dockerd) or
 *       {@code crio-<id>} (CRI-O).</li>
 * </ul>
 * The runtime and id come from the container status's {@code containerID}, {@code <runtime>://<id>}.
 */
final class PodCgroups {

    private PodCgroups() {
    }

    /** The candidate pod cgroups for {@code driver}, most likely first. */
    static List<String> podCandidates(CgroupDriver driver, String uid, QosClass qos) {
        List<String> out = new ArrayList<>(2);
        if (driver != CgroupDriver.CGROUPFS) {
            out.add(systemdPod(uid, qos));
        }
        if (driver != CgroupDriver.SYSTEMD) {
            out.add(cgroupfsPod(uid, qos));
        }
        return out;
    }

    static String systemdPod(String uid, QosClass qos) {
        String tier = tier(qos);
        String escapedUid = uid.replace('-', '_');
        return tier.isEmpty()
                ? "/kubepods.slice/kubepods-pod" + escapedUid + ".slice"
                : "/kubepods.slice/kubepods-" + tier + ".slice/kubepods-" + tier + "-pod" + escapedUid + ".slice";
    }

    static String cgroupfsPod(String uid, QosClass qos) {
        String tier = tier(qos);
        return tier.isEmpty() ? "/kubepods/pod" + uid : "/kubepods/" + tier + "/pod" + uid;
    }

    /**
     * The candidate cgroups of a container below its pod's cgroup {@code podCgroup}, from its
     * {@code containerID} ({@code containerd://abc}); empty when the id is not of that form.
     */
    static List<String> containerCandidates(String podCgroup, String containerId) {
        int sep = containerId == null ? -1 : containerId.indexOf("://");
        if (sep <= 0 || sep + 3 >= containerId.length()) {
            return List.of();
        }
        String runtime = containerId.substring(0, sep).toLowerCase(Locale.ROOT);
        String id = containerId.substring(sep + 3);
        String prefix = switch (runtime) {
            case "containerd" -> "cri-containerd";
            case "cri-o" -> "crio";
            default -> runtime; // docker (cri-dockerd) and others name their scopes after themselves
        };
        boolean systemd = podCgroup.endsWith(".slice");
        List<String> leaves = systemd
                ? List.of(prefix + "-" + id + ".scope")
                : runtime.equals("cri-o") ? List.of("crio-" + id, id) : List.of(id, prefix + "-" + id);
        return leaves.stream().map(leaf -> podCgroup + "/" + leaf).toList();
    }

    /** The kubelet's QoS tier directory: none for Guaranteed (and unknown: treated as Guaranteed). */
    private static String tier(QosClass qos) {
        return switch (qos) {
            case BURSTABLE -> "burstable";
            case BEST_EFFORT -> "besteffort";
            case GUARANTEED, UNKNOWN -> "";
        };
    }
}
