package io.numaagent.plugins.topologyaware.alloc;

/** Which CPUs a grant runs on: the pool's normal (exclusive/shared) CPUs, its reserved CPUs, or untouched. */
public enum CpuType {
    NORMAL, RESERVED, PRESERVE
}
