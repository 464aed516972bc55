package io.numaagent.plugins.topologyaware;

import io.numaagent.api.NodeSet;
import io.numaagent.api.snapshot.PodResources;
import io.numaagent.plugins.topologyaware.alloc.TopologyHint;
import io.numaagent.plugins.topologyaware.annotations.PathFilter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A container's topology hints from the kubelet's pod-resources API ({@link PodResources}, asked by the
 * runner), by the reference's rules (nri-plugins {@code pkg/agent/podresapi/resources.go}): each device
 * with NUMA nodes gives a NUMA hint whose provider is {@value #PROVIDER_PREFIX} and the resource name
 * ({@code podresourceapi:nvidia.com/gpu}); that provider is also the path the allow/deny lists are
 * checked against. Devices without NUMA nodes give none; the kubelet's exclusive CPUs and pinned memory
 * give none either, as there.
 *
 * <p>Unlike the reference, devices of one resource on different NUMA nodes (the kubelet lists each
 * device apart) are not one hint whose node is whichever device came last (the kubelet's order is that
 * of a Go map, so that hint was random): each distinct node set gets a hint of its own, named
 * {@code podresourceapi:<resource>@<nodes>}; a resource whose devices all share their nodes keeps the
 * reference's name.
 */
final class PodResourceHints {

    /** The provider prefix of pod-resource hints; {@code pick-resources-by-hints} picks by these only. */
    static final String PROVIDER_PREFIX = TopologyHint.POD_RESOURCES;

    private PodResourceHints() {
    }

    /** The hints of a container's pod resources that the allow/deny lists let through, in the kubelet's order. */
    static List<TopologyHint> of(PodResources resources, Optional<PathFilter> allow, Optional<PathFilter> deny) {
        Map<String, Set<NodeSet>> byResource = new LinkedHashMap<>();
        for (PodResources.Device d : resources.devices()) {
            if (!d.numaNodes().isEmpty()) {
                byResource.computeIfAbsent(d.resourceName(), r -> new LinkedHashSet<>()).add(d.numaNodes());
            }
        }
        List<TopologyHint> out = new ArrayList<>();
        byResource.forEach((resource, nodeSets) -> {
            String name = PROVIDER_PREFIX + resource;
            if (PathFilter.denied(name, allow, deny)) {
                return;
            }
            for (NodeSet nodes : nodeSets) {
                String provider = nodeSets.size() == 1 ? name : name + "@" + nodes;
                out.add(new TopologyHint(provider, "", nodes.stream().mapToObj(Integer::toString)
                        .collect(Collectors.joining(",")), ""));
            }
        });
        return out;
    }
}
