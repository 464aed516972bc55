package io.numaagent.api.decision;

import io.numaagent.api.CpuSet;
import java.util.Objects;

/**
 * Set the CPU affinity of one hardware interrupt: {@code /proc/irq/IRQ/smp_affinity_list}. Machine-wide
 * ({@link #task()} is {@code null}); plugins arbitrate per interrupt (two plugins may each set other
 * interrupts in one cycle). The kernel refuses some interrupts (managed and per-CPU ones: {@code EPERM},
 * {@code EIO} on older kernels); the outcome says so and later snapshots show the interrupt as not movable.
 * Action {@code set-irq-affinity}.
 *
 * @param irq  the interrupt's number
 * @param cpus the CPUs it may be delivered to; not empty
 */
public record SetIrqAffinity(String plugin, int irq, CpuSet cpus, String reason) implements Decision {

    public SetIrqAffinity {
        Decision.requireText(plugin, "plugin");
        if (irq < 0) {
            throw new IllegalArgumentException("IRQ number must not be negative, got " + irq);
        }
        Objects.requireNonNull(cpus, "cpus");
        if (cpus.isEmpty()) {
            throw new IllegalArgumentException("the affinity of irq " + irq + " must not be empty");
        }
    }

    @Override
    public String task() {
        return null;
    }

    /** "irq 4": what the decision changes, for logs and per-interrupt arbitration. */
    public String target() {
        return "irq " + irq;
    }

    @Override
    public String action() {
        return "set-irq-affinity";
    }

    @Override
    public Resource resource() {
        return Resource.IRQ_AFFINITY;
    }
}
