package io.numaagent.api.snapshot;

/** Kubernetes QoS class of a task; {@link #UNKNOWN} where the task source does not know one. */
public enum QosClass {
    GUARANTEED, BURSTABLE, BEST_EFFORT, UNKNOWN
}
