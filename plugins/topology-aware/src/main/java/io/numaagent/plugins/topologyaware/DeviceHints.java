package io.numaagent.plugins.topologyaware;

import io.numaagent.api.snapshot.TaskDevice;
import io.numaagent.plugins.topologyaware.alloc.TopologyHint;
import io.numaagent.plugins.topologyaware.annotations.PathFilter;
import io.numaagent.plugins.topologyaware.annotations.TopologyHintSources;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A container's topology hints from the devices it uses ({@link TaskDevice}, read by the runner), by
 * the reference's rules (nri-plugins {@code pkg/resmgr/cache/container.go}):
 * <ul>
 *   <li>mounts ({@code topologyhints} names {@code mounts}): not read-only ones, not those whose host
 *       or container path starts with {@code /etc/}, {@code /lib/}, {@code /lib64/}, {@code /usr/lib/},
 *       {@code /usr/lib32/}, {@code /usr/lib64/}, {@code /dev/termination-log} or
 *       {@code /.nri-resource-policy}, nor the kubelet's config map and secret volumes; then the host
 *       path and the device's sysfs path must both pass the allow/deny lists;</li>
 *   <li>device nodes ({@code devices}): the device's sysfs path must pass the lists.</li>
 * </ul>
 * Of several hints with one provider the first counts (mounts before devices), as the reference merges them.
 */
final class DeviceHints {

    private static final List<String> IGNORED_PREFIXES = List.of("/.nri-resource-policy", "/etc/",
            "/dev/termination-log", "/lib/", "/lib64/", "/usr/lib/", "/usr/lib32/", "/usr/lib64/");
    private static final Pattern KUBELET_CONFIG = Pattern.compile(
            "(kubelet)?/pods/[0-9A-Fa-f-]+/volumes/kubernetes\\.io~(configmap|secret)/");

    private DeviceHints() {
    }

    /** The hints of a container's devices that its annotations let through, in the reference's order. */
    static List<TopologyHint> of(List<TaskDevice> devices, TopologyHintSources sources, Optional<PathFilter> allow,
                                 Optional<PathFilter> deny) {
        Map<String, TopologyHint> byProvider = new LinkedHashMap<>();
        if (sources.mounts()) {
            for (TaskDevice d : devices) {
                if (d.kind() == TaskDevice.Kind.MOUNT && !d.readOnly() && !ignored(d.hostPath())
                        && !ignored(d.containerPath()) && !PathFilter.denied(d.hostPath(), allow, deny)
                        && !PathFilter.denied(d.devicePath(), allow, deny)) {
                    byProvider.putIfAbsent(d.provider(), hint(d));
                }
            }
        }
        if (sources.devices()) {
            for (TaskDevice d : devices) {
                if (d.kind() == TaskDevice.Kind.DEVICE && !PathFilter.denied(d.devicePath(), allow, deny)) {
                    byProvider.putIfAbsent(d.provider(), hint(d));
                }
            }
        }
        return List.copyOf(byProvider.values());
    }

    private static boolean ignored(String path) {
        for (String prefix : IGNORED_PREFIXES) {
            if (path.startsWith(prefix)) {
                return true;
            }
        }
        return KUBELET_CONFIG.matcher(path).find();
    }

    /** The hint in the form the scores read: a CPU list, and comma lists of node and socket ids. */
    private static TopologyHint hint(TaskDevice d) {
        String numas = d.numaNodes().stream().mapToObj(Integer::toString).collect(Collectors.joining(","));
        String sockets = d.sockets().stream().map(Object::toString).collect(Collectors.joining(","));
        return new TopologyHint(d.provider(), d.cpus().isEmpty() ? "" : d.cpus().toString(), numas, sockets);
    }
}
