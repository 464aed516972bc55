package io.numaagent.api.snapshot;

import io.numaagent.api.CpuSet;
import java.util.Objects;

/**
 * One numbered hardware interrupt of {@code /proc/interrupts} and its CPU affinity
 * ({@link Measurement#INTERRUPTS}).
 *
 * @param number            the IRQ number (the directory {@code /proc/irq/NUMBER})
 * @param description       what {@code /proc/interrupts} shows after the per-CPU counts, fields joined by one
 *                          space: the chip, the hardware IRQ and trigger, the actions (device names), e.g.
 *                          {@code IO-APIC 4-edge ttyS0} or {@code PCI-MSIX-0000:00:04.0 0-edge virtio1-config};
 *                          what IRQ patterns (globs) are matched against
 * @param affinity          {@code /proc/irq/NUMBER/smp_affinity_list}: the CPUs the IRQ may be delivered to;
 *                          empty when it could not be read
 * @param effectiveAffinity {@code effective_affinity_list}: the CPUs the kernel actually delivers it to (often one);
 *                          empty where the kernel has no such file
 * @param movable           false when the kernel refused to change the affinity ({@code EPERM}, {@code EIO} on
 *                          older kernels: a managed or per-CPU interrupt, the timer) since the runner first tried; the kernel shows this nowhere else,
 *                          so an interrupt counts as movable until a write says otherwise
 */
public record Interrupt(int number, String description, CpuSet affinity, CpuSet effectiveAffinity, boolean movable) {

    public Interrupt {
        if (number < 0) {
            throw new IllegalArgumentException("IRQ number must not be negative, got " + number);
        }
        description = description == null ? "" : description;
        Objects.requireNonNull(affinity, "affinity");
        effectiveAffinity = effectiveAffinity == null ? CpuSet.EMPTY : effectiveAffinity;
    }

    /** "irq 4 (IO-APIC 4-edge ttyS0)". */
    public String label() {
        return "irq " + number + (description.isEmpty() ? "" : " (" + description + ")");
    }

    /** The same interrupt, shown as unmovable. */
    public Interrupt unmovable() {
        return new Interrupt(number, description, affinity, effectiveAffinity, false);
    }

    /** The same interrupt with another affinity (as it would be once a decision is applied). */
    public Interrupt withAffinity(CpuSet cpus) {
        return new Interrupt(number, description, cpus, effectiveAffinity, movable);
    }
}
