package io.numaagent.plugins.topologyaware.annotations;

import java.util.Set;

/**
 * Which sources generate topology hints ({@code topologyhints}): {@code true}/{@code all} = every
 * source, {@code false}/{@code none} = none, else a comma list of {@code mounts}, {@code devices},
 * {@code pod-resources}.
 */
public record TopologyHintSources(boolean mounts, boolean devices, boolean podResources) {

    public static final TopologyHintSources ALL = new TopologyHintSources(true, true, true);
    public static final TopologyHintSources NONE = new TopologyHintSources(false, false, false);

    static TopologyHintSources parse(String s) {
        switch (s) {
            case "1", "t", "T", "TRUE", "true", "True" -> {
                return ALL;
            }
            case "0", "f", "F", "FALSE", "false", "False" -> {
                return NONE;
            }
            default -> {
            }
        }
        boolean mounts = false;
        boolean devices = false;
        boolean podResources = false;
        boolean none = false;
        for (String item : s.split(",", -1)) {
            switch (item.strip()) {
                case "mounts" -> mounts = true;
                case "devices" -> devices = true;
                case "pod-resources" -> podResources = true;
                case "all" -> mounts = devices = podResources = true;
                case "none" -> none = true;
                default -> throw new ValueException("unknown hint source '" + item.strip()
                        + "' (true, false, or a list of mounts, devices, pod-resources, all, none)");
            }
        }
        return none ? NONE : new TopologyHintSources(mounts, devices, podResources);
    }

    /** Names of the enabled sources, for messages. */
    public Set<String> names() {
        java.util.TreeSet<String> out = new java.util.TreeSet<>();
        if (mounts) {
            out.add("mounts");
        }
        if (devices) {
            out.add("devices");
        }
        if (podResources) {
            out.add("pod-resources");
        }
        return out;
    }
}
