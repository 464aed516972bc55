package io.numaagent.plugins.topologyaware.annotations;

/** The two annotation namespaces the policy reads; on equal scope the nri-plugins one wins. */
public enum AnnotationFamily {
    /** nri-plugins ({@code resource-policy.nri.io}); wins over {@link #CRI_RESMGR} on equal scope. */
    NRI("resource-policy.nri.io"),
    /** cri-resource-manager ({@code cri-resource-manager.intel.com}). */
    CRI_RESMGR("cri-resource-manager.intel.com");

    private final String namespace;

    AnnotationFamily(String namespace) {
        this.namespace = namespace;
    }

    /** The annotation namespace, e.g. {@code resource-policy.nri.io}. */
    public String namespace() {
        return namespace;
    }
}
