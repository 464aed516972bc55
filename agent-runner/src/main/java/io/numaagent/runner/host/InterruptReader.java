package io.numaagent.runner.host;

import io.numaagent.api.CpuSet;
import io.numaagent.api.decision.Outcome;
import io.numaagent.api.decision.SetIrqAffinity;
import io.numaagent.api.snapshot.Interrupt;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the machine's numbered hardware interrupts ({@link io.numaagent.api.snapshot.Measurement#INTERRUPTS}):
 * {@code /proc/interrupts} for their numbers and descriptions, then per interrupt
 * {@code /proc/irq/N/smp_affinity_list} and {@code effective_affinity_list}. Lines that are not numbered
 * ({@code NMI:}, {@code LOC:}, ...) are per-CPU counters, not interrupts one can steer, and are skipped.
 * An interrupt whose directory vanished between the two reads (a device went away) is left out; a missing
 * {@code effective_affinity_list} (kernels without it) reads as an empty set.
 *
 * <p>The kernel shows nowhere whether an interrupt can be moved; a write of a managed or per-CPU one fails
 * with {@code EPERM} ({@code EIO} on older kernels; {@link #isUnmovable}). This reader remembers the
 * interrupts whose {@code set-irq-affinity} failed so ({@link #learn}) and shows them as not movable for as
 * long as they keep their description.
 */
public final class InterruptReader {

    private final HostPaths paths;
    /** Interrupts the kernel refused to move, with the description they had then. */
    private final Map<Integer, String> refused = new HashMap<>();

    public InterruptReader(HostPaths paths) {
        this.paths = paths;
    }

    /** Notes the interrupts that earlier {@code set-irq-affinity} writes found unmovable (or movable after all). */
    public void learn(List<Outcome> outcomes, List<Interrupt> lastRead) {
        for (Outcome o : outcomes) {
            if (!(o.decision() instanceof SetIrqAffinity d)) {
                continue;
            }
            if (o.status() == Outcome.Status.FAILED && isUnmovable(o.errno())) {
                String description = lastRead.stream().filter(i -> i.number() == d.irq()).map(Interrupt::description)
                        .findFirst().orElse("");
                refused.put(d.irq(), description);
            } else if (o.status() == Outcome.Status.APPLIED) {
                refused.remove(d.irq());
            }
        }
    }

    /**
     * Whether a write that failed with {@code errno} means the kernel will never move the interrupt: {@code EPERM}
     * (Linux 6.x for managed and per-CPU interrupts, the timer), {@code EIO} (older kernels), {@code EROFS}; the
     * reference treats the same three so. (A user other than root gets {@code EACCES} when opening the file.)
     */
    public static boolean isUnmovable(String errno) {
        return "EPERM".equals(errno) || "EIO".equals(errno) || "EROFS".equals(errno);
    }

    /** The interrupts, by number; empty (without a report) where {@code /proc/interrupts} is missing. */
    public List<Interrupt> read(ReadProblems problems) {
        Path file = paths.proc("interrupts");
        Optional<String> text = HostFiles.readIfPresent(file, problems);
        if (text.isEmpty()) {
            return List.of();
        }
        List<Interrupt> out = new ArrayList<>();
        for (String line : HostFiles.lines(text.get())) {
            Numbered n = parseLine(line);
            if (n == null) {
                continue;
            }
            Path dir = paths.proc("irq/" + n.number());
            Optional<String> list = HostFiles.readIfPresent(dir.resolve("smp_affinity_list"), problems);
            if (list.isEmpty()) {
                continue;
            }
            Optional<CpuSet> affinity = HostFiles.parseCpuSet(dir.resolve("smp_affinity_list"), list.get().strip(),
                    problems);
            if (affinity.isEmpty()) {
                continue;
            }
            CpuSet effective = HostFiles.readIfPresent(dir.resolve("effective_affinity_list"), problems)
                    .flatMap(t -> HostFiles.parseCpuSet(dir.resolve("effective_affinity_list"), t.strip(), problems))
                    .orElse(CpuSet.EMPTY);
            String refusedAs = refused.get(n.number());
            boolean movable = refusedAs == null || !refusedAs.equals(n.description());
            if (refusedAs != null && movable) {
                refused.remove(n.number()); // another device has the number now
            }
            out.add(new Interrupt(n.number(), n.description(), affinity.get(), effective, movable));
        }
        return out;
    }

    /** A numbered line of {@code /proc/interrupts}. */
    record Numbered(int number, String description) {
    }

    /**
     * {@code " 24:   0   3   PCI-MSI 65536-edge   virtio0-config"}: the number, then the description (the
     * fields after the per-CPU counts, joined by one space); {@code null} for other lines.
     */
    static Numbered parseLine(String line) {
        String[] f = HostFiles.fields(line);
        if (f.length < 2 || !f[0].endsWith(":")) {
            return null;
        }
        int number;
        try {
            number = Integer.parseInt(f[0].substring(0, f[0].length() - 1));
        } catch (NumberFormatException e) {
            return null;
        }
        if (number < 0) {
            return null;
        }
        int i = 1;
        while (i < f.length && isCount(f[i])) {
            i++;
        }
        return new Numbered(number, String.join(" ", java.util.Arrays.asList(f).subList(i, f.length)));
    }

    private static boolean isCount(String field) {
        for (int k = 0; k < field.length(); k++) {
            if (!Character.isDigit(field.charAt(k))) {
                return false;
            }
        }
        return !field.isEmpty();
    }
}
