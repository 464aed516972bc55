package io.numaagent.plugins.topologyaware.irq;

import io.numaagent.api.CpuSet;
import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.Outcome;
import io.numaagent.api.decision.SetIrqAffinity;
import io.numaagent.api.snapshot.Interrupt;
import io.numaagent.plugins.topologyaware.annotations.GoGlob;
import io.numaagent.plugins.topologyaware.annotations.IrqAffinity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The affinity of each controllable interrupt, as the reference computes it from the grants of containers
 * annotated with {@code irq-affinity} (and exclusive CPUs): for an interrupt, {@code claim} is the union of the
 * exclusive CPUs of the containers that claim it, {@code mask} that of those that mask it (in
 * {@code claim-first} mode a container's masks are applied first, as {@code preMask}); CPUs both claimed and
 * masked stay claimed; the affinity is the allowed CPUs ({@code availableResources}) minus {@code preMask},
 * within {@code claim} when any container claims it, minus {@code mask}. An interrupt no container names gets
 * every allowed CPU. Interrupts are set only while some container has an {@code irq-affinity}, and once more
 * after the last one goes (every controllable interrupt back to the allowed CPUs); a machine where no container
 * ever asked keeps its interrupts as they are.
 *
 * <p>A decision is made only where the snapshot shows another affinity. Interrupts the kernel refused to move
 * ({@link Interrupt#movable()}) and those whose affinity could not be read are left out; a write that failed
 * otherwise is not made again until another affinity is wanted.
 */
public final class IrqAffinityPlanner {

    /** A container with an {@code irq-affinity} and its exclusive CPUs. */
    public record Claimant(String id, String name, CpuSet exclusive, IrqAffinity affinity) {
    }

    private final InterruptPatterns controllable;
    /** Whether interrupts were set since the last container with irq-affinity went: one more pass restores them. */
    private boolean controlling;
    /**
     * The affinity whose write failed, by interrupt: not written again until another one is wanted (as the
     * reference, which retries only on its next update); the executor reported the failure.
     */
    private final Map<Integer, CpuSet> failed = new HashMap<>();
    /** Problems logged, so that each is logged once while it lasts. */
    private Set<String> reported = new HashSet<>();

    public IrqAffinityPlanner(InterruptPatterns controllable) {
        this.controllable = controllable;
    }

    /** Whether the last {@link #decide} left interrupts to restore (for tests and the prompt). */
    public boolean controlling() {
        return controlling;
    }

    /**
     * The decisions of one cycle, by interrupt number.
     *
     * @param outcomes the outcomes of this plugin's decisions of the previous cycle
     * @param problems gets each problem once while it lasts ("default/pod0/c0: irq-affinity ...")
     */
    public List<Decision> decide(String plugin, List<Interrupt> interrupts, CpuSet allowed, List<Claimant> claimants,
                                 List<Outcome> outcomes, Consumer<String> problems) {
        for (Outcome o : outcomes) {
            if (o.decision() instanceof SetIrqAffinity d) {
                if (o.status() == Outcome.Status.FAILED) {
                    failed.put(d.irq(), d.cpus());
                } else {
                    failed.remove(d.irq());
                }
            }
        }
        Set<String> now = new LinkedHashSet<>();
        List<Claimant> valid = new ArrayList<>();
        for (Claimant c : claimants) {
            String denied = deniedReference(c, interrupts);
            if (denied != null) {
                now.add(c.name() + ": ignoring irq-affinity: " + denied);
            } else {
                valid.add(c);
            }
        }
        List<Decision> out = new ArrayList<>();
        if (valid.isEmpty() && !controlling) {
            report(now, problems);
            return out;
        }
        List<Interrupt> sorted = interrupts.stream().sorted(Comparator.comparingInt(Interrupt::number)).toList();
        for (Interrupt irq : sorted) {
            if (!controllable.allows(irq) || !irq.movable() || irq.affinity().isEmpty()) {
                continue;
            }
            Wanted w = wanted(irq, allowed, valid);
            if (!w.overlap().isEmpty()) {
                now.add(irq.label() + ": both claimed and masked on CPUs " + w.overlap() + "; the claims win");
            }
            if (w.cpus().isEmpty()) {
                now.add(irq.label() + ": claims and masks leave no allowed CPU; left at " + irq.affinity());
                continue;
            }
            if (w.cpus().equals(irq.affinity()) || w.cpus().equals(failed.get(irq.number()))) {
                continue;
            }
            failed.remove(irq.number());
            out.add(new SetIrqAffinity(plugin, irq.number(), w.cpus(), w.reason()));
        }
        controlling = !valid.isEmpty() || !out.isEmpty();
        report(now, problems);
        return out;
    }

    private record Wanted(CpuSet cpus, CpuSet overlap, String reason) {
    }

    private static Wanted wanted(Interrupt irq, CpuSet allowed, List<Claimant> claimants) {
        CpuSet preMask = CpuSet.EMPTY;
        CpuSet claim = CpuSet.EMPTY;
        CpuSet mask = CpuSet.EMPTY;
        List<String> claimedBy = new ArrayList<>();
        List<String> maskedBy = new ArrayList<>();
        for (Claimant c : claimants) {
            if (matchesAny(irq, c.affinity().claim())) {
                claim = claim.union(c.exclusive());
                claimedBy.add(c.name() + " " + c.exclusive());
            }
            if (matchesAny(irq, c.affinity().mask())) {
                if (c.affinity().mode() == IrqAffinity.Mode.CLAIM_FIRST) {
                    preMask = preMask.union(c.exclusive());
                } else {
                    mask = mask.union(c.exclusive());
                }
                maskedBy.add(c.name() + " " + c.exclusive());
            }
        }
        CpuSet overlap = claim.intersection(mask);
        mask = mask.difference(overlap);
        CpuSet cpus = allowed.difference(preMask);
        if (!claim.isEmpty()) {
            cpus = cpus.intersection(claim);
        }
        cpus = cpus.difference(mask);
        String reason;
        if (claimedBy.isEmpty() && maskedBy.isEmpty()) {
            reason = "irq-affinity: not claimed or masked: the allowed CPUs";
        } else {
            reason = "irq-affinity:" + (claimedBy.isEmpty() ? "" : " claimed by " + String.join(", ", claimedBy))
                    + (claimedBy.isEmpty() || maskedBy.isEmpty() ? "" : ";")
                    + (maskedBy.isEmpty() ? "" : " masked by " + String.join(", ", maskedBy));
        }
        return new Wanted(cpus, overlap, reason);
    }

    /**
     * The reference's check of an annotation against the interrupts the config does not let it control: a
     * pattern matching the description of such an interrupt makes the whole annotation invalid.
     */
    private String deniedReference(Claimant c, List<Interrupt> interrupts) {
        for (Interrupt irq : interrupts) {
            if (controllable.allows(irq)) {
                continue;
            }
            for (String p : concat(c.affinity().claim(), c.affinity().mask())) {
                if (GoGlob.compile(p).matches(irq.description())) {
                    return "pattern '" + p + "' matches " + irq.label() + ", which controllableInterrupts "
                            + controllable + " does not allow";
                }
            }
        }
        return null;
    }

    /** An IRQ number, or a glob over the description (the reference's Irq.Match). */
    static boolean matchesAny(Interrupt irq, List<String> patterns) {
        String number = Integer.toString(irq.number());
        for (String p : patterns) {
            if (p.equals(number) || GoGlob.compile(p).matches(irq.description())) {
                return true;
            }
        }
        return false;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private void report(Set<String> now, Consumer<String> problems) {
        for (String p : now) {
            if (!reported.contains(p)) {
                problems.accept(p);
            }
        }
        reported = now;
    }
}
