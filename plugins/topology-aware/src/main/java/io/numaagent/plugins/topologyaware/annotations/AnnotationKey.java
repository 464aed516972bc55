package io.numaagent.plugins.topologyaware.annotations;

/**
 * Every annotation the topology-aware policy reads (§3.1 of the reference notes), by its short name.
 * Effective keys are spelled {@code <name>.<namespace>[/pod|/container.<c>]}; pod-level keys
 * {@code <namespace>/<name>}.
 */
public enum AnnotationKey {
    PREFER_ISOLATED_CPUS("prefer-isolated-cpus", true, true),
    REQUIRE_ISOLATED_CPUS("require-isolated-cpus", false, false),
    PREFER_SHARED_CPUS("prefer-shared-cpus", true, true),
    PREFER_RESERVED_CPUS("prefer-reserved-cpus", false, true),
    PREFER_CPU_PRIORITY("prefer-cpu-priority", false, false),
    HIDE_HYPERTHREADS("hide-hyperthreads", false, false),
    MEMORY_TYPE("memory-type", true, true),
    COLD_START("cold-start", true, true),
    UNLIMITED_BURSTABLE("unlimited-burstable", false, false),
    PICK_RESOURCES_BY_HINTS("pick-resources-by-hints", false, false),
    SCHEDULING_CLASS("scheduling-class", false, false),
    CPU_CLASS("cpu-class", false, false),
    IRQ_AFFINITY("irq-affinity", false, false),
    CPU_PRESERVE("cpu.preserve", false, false),
    MEMORY_PRESERVE("memory.preserve", false, false),
    TOPOLOGY_HINTS("topologyhints", false, true),
    STRICT_TOPOLOGY_HINTS("strict.topologyhints", false, false),
    ALLOW_TOPOLOGY_HINTS("allow.topologyhints", false, false),
    DENY_TOPOLOGY_HINTS("deny.topologyhints", false, false),
    TEST_TOPOLOGY_HINTS("test.topologyhints", false, false),
    /** Pod-level: {@code <ns>/affinity}. */
    AFFINITY("affinity", false, true),
    /** Pod-level: {@code <ns>/anti-affinity}. */
    ANTI_AFFINITY("anti-affinity", false, true);

    private final String shortName;
    private final boolean deprecatedPodMap;
    private final boolean inCriResmgr;

    AnnotationKey(String shortName, boolean deprecatedPodMap, boolean inCriResmgr) {
        this.shortName = shortName;
        this.deprecatedPodMap = deprecatedPodMap;
        this.inCriResmgr = inCriResmgr;
    }

    /** The name without namespace, e.g. {@code prefer-isolated-cpus}. */
    public String shortName() {
        return shortName;
    }

    /** Whether the key is pod-level ({@code <ns>/<name>}) rather than effective. */
    public boolean podLevel() {
        return this == AFFINITY || this == ANTI_AFFINITY;
    }

    /** Whether the deprecated {@code <ns>/<name>} pod map form is also read. */
    public boolean hasDeprecatedPodMap() {
        return deprecatedPodMap;
    }

    /** Whether cri-resource-manager itself reads it (nri-plugins reads all). */
    public boolean inCriResmgr() {
        return inCriResmgr;
    }

    /** The effective key in a family: {@code <name>.<namespace>} (for pod-level keys {@code <namespace>/<name>}). */
    public String key(AnnotationFamily family) {
        return podLevel() ? family.namespace() + "/" + shortName : shortName + "." + family.namespace();
    }

    /** The key at a scope: adds {@code /pod} or {@code /container.<name>} to {@link #key}. */
    public String key(AnnotationFamily family, AnnotationScope scope, String container) {
        return switch (scope) {
            case CONTAINER -> key(family) + "/container." + container;
            case POD -> key(family) + "/pod";
            case UNSCOPED, POD_LEVEL -> key(family);
            case DEPRECATED_POD_MAP -> family.namespace() + "/" + shortName;
        };
    }

    /** The key with this short name, or null. */
    static AnnotationKey byShortName(String name) {
        for (AnnotationKey k : values()) {
            if (k.shortName.equals(name)) {
                return k;
            }
        }
        return null;
    }
}
