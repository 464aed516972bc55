package io.numaagent.runner.exec;

import io.numaagent.api.CpuSet;
import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.Outcome;
import io.numaagent.api.decision.SetCpus;
import io.numaagent.api.decision.SetMemoryMigrate;
import io.numaagent.api.decision.SetMems;
import io.numaagent.api.snapshot.Container;
import io.numaagent.api.snapshot.Task;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Applies {@link SetCpus}, {@link SetMems} and {@link SetMemoryMigrate} by writing the cpuset files
 * of a task's cgroup and every cgroup below it, in the order cgroup v1 demands (see
 * {@link #writeCpuset}); a decision for one sub-cgroup (a container) writes that one and keeps the
 * task's cgroup the union of its containers' sets (see {@link #writeContainer}).
 */
final class CpusetApplier {

    private final CgroupWriter cgroups;

    CpusetApplier(CgroupWriter cgroups) {
        this.cgroups = cgroups;
    }

    Outcome setCpus(Cycle c, Task task, SetCpus sc) {
        if (sc.subCgroup() != null) {
            return writeContainer(c, task, sc, sc.subCgroup(), CgroupWriter.CPUSET_CPUS, sc.cpus().bits(),
                    task.measurements().allowedCpus().bits(), con -> con.cpus().bits());
        }
        return writeCpuset(c, task, sc, CgroupWriter.CPUSET_CPUS, task.measurements().allowedCpus().bits(),
                sc.cpus().bits(), sc.cpus().toString(), sc.cpus().union(task.measurements().allowedCpus()).toString());
    }

    Outcome setMems(Cycle c, Task task, SetMems sm) {
        if (sm.subCgroup() != null) {
            return writeContainer(c, task, sm, sm.subCgroup(), CgroupWriter.CPUSET_MEMS, sm.mems().bits(),
                    task.measurements().allowedMems().bits(), con -> con.mems().bits());
        }
        return writeCpuset(c, task, sm, CgroupWriter.CPUSET_MEMS, task.measurements().allowedMems().bits(),
                sm.mems().bits(), sm.mems().toString(), sm.mems().union(task.measurements().allowedMems()).toString());
    }

    Outcome setMemoryMigrate(Cycle c, Task task, SetMemoryMigrate mig) {
        String value = mig.enabled() ? "1" : "0";
        List<String> all = parentFirst(task);
        try {
            for (String cg : all) {
                cgroups.write(cg, CgroupWriter.CPUSET_MEMORY_MIGRATE, value);
            }
        } catch (HostWriteException e) {
            return c.writeFailed(mig, e, "");
        }
        return c.outcome(mig, Outcome.Status.APPLIED,
                "wrote " + CgroupWriter.CPUSET_MEMORY_MIGRATE + "=" + value + " to " + describe(all));
    }

    /**
     * The task's cgroup, then its sub-cgroups by depth (parents before their children), with every
     * cgroup between the task's and a sub-cgroup: those hold no processes, so task sources leave
     * them out of {@code subCgroups}, but on cgroup v1 a sub-cgroup's set must stay within its
     * parent's, so they change along.
     */
    private static List<String> parentFirst(Task task) {
        String root = task.cgroupPath();
        String prefix = root.endsWith("/") ? root : root + "/";
        Set<String> below = new HashSet<>();
        for (String sub : task.subCgroups()) {
            if (!sub.startsWith(prefix)) {
                if (!sub.equals(root)) {
                    below.add(sub);
                }
                continue;
            }
            for (String p = sub; p.startsWith(prefix); p = p.substring(0, p.lastIndexOf('/'))) {
                below.add(p);
            }
        }
        List<String> subs = new ArrayList<>(below);
        subs.sort(Comparator.comparingLong((String p) -> p.chars().filter(ch -> ch == '/').count())
                .thenComparing(Comparator.naturalOrder()));
        List<String> all = new ArrayList<>(subs.size() + 1);
        all.add(task.cgroupPath());
        all.addAll(subs);
        return all;
    }

    private static String describe(List<String> cgroupsWritten) {
        int subs = cgroupsWritten.size() - 1;
        return cgroupsWritten.get(0) + (subs == 0 ? "" : " and " + subs + (subs == 1 ? " sub-cgroup" : " sub-cgroups"));
    }

    /**
     * Writes a cpuset list to the task's cgroup and every sub-cgroup. On cgroup v1 the kernel
     * insists at every write that a cpuset is a subset of its parent (else EACCES) and a superset
     * of its children (else EBUSY). So when the new set adds members, the union of old and new is
     * written top-down first (parents widen before their children); then, when it also drops
     * members, the new set is written bottom-up (children narrow before their parents). A pure
     * widening is one top-down pass, a pure narrowing one bottom-up pass, a shift both. v2 has no
     * such rule at write time (it computes effective sets), and the same order is harmless there.
     */
    private Outcome writeCpuset(Cycle c, Task task, Decision d, String file, BitSet old,
                                BitSet wanted, String wantedText, String unionText) {
        List<String> topDown = parentFirst(task);
        BitSet adds = (BitSet) wanted.clone();
        adds.andNot(old);
        BitSet drops = (BitSet) old.clone();
        drops.andNot(wanted);
        int writes = 0;
        try {
            if (!adds.isEmpty() || drops.isEmpty()) {
                String value = drops.isEmpty() ? wantedText : unionText;
                for (String cg : topDown) {
                    cgroups.write(cg, file, value);
                    writes++;
                }
            }
            if (!drops.isEmpty()) {
                for (int i = topDown.size() - 1; i >= 0; i--) {
                    cgroups.write(topDown.get(i), file, wantedText);
                    writes++;
                }
            }
        } catch (HostWriteException e) {
            return c.writeFailed(d, e, writes > 0 ? " (after " + writes + " earlier writes)" : "");
        }
        return c.outcome(d, Outcome.Status.APPLIED, "wrote " + file + "=" + wantedText + " to " + describe(topDown));
    }

    /**
     * Writes one container's set to its sub-cgroup only. A child's set must lie within its parent's
     * (v1 refuses the write, v2 narrows the child's effective set), so the task's cgroup and the
     * cgroups between it and the container get the union of all its sub-cgroups' sets: written
     * before the container when the union grows, after it when the union shrinks (a shift: the
     * old and new union first, the new union last). A sibling's set is what this cycle wrote to
     * it, else what its container shows; a sibling without one (no container record, or an empty,
     * inherited set) keeps the task's current set in the union, so it is never narrowed. When the
     * task's current set is not known either, the parents are left as they are.
     */
    private Outcome writeContainer(Cycle c, Task task, Decision d, String sub, String file, BitSet wanted,
                                   BitSet taskNow, Function<Container, BitSet> measured) {
        String root = task.cgroupPath();
        BitSet old = c.cpusetWritten(root, file);
        old = old != null ? old : taskNow;
        BitSet union = (BitSet) wanted.clone();
        boolean unknownSibling = false;
        for (String other : task.subCgroups()) {
            if (!other.equals(sub)) {
                BitSet set = c.cpusetWritten(other, file);
                if (set == null) {
                    set = task.container(other).map(measured).orElse(new BitSet());
                }
                unknownSibling |= set.isEmpty();
                union.or(set.isEmpty() ? old : set);
            }
        }
        List<String> parents = new ArrayList<>(); // the task's cgroup, then down to the container's parent
        if (!(old.isEmpty() && unknownSibling)) {
            parents.add(root);
            String prefix = root.endsWith("/") ? root : root + "/";
            for (int i = sub.indexOf('/', prefix.length()); sub.startsWith(prefix) && i > 0; i = sub.indexOf('/', i + 1)) {
                parents.add(sub.substring(0, i));
            }
        }
        BitSet grows = (BitSet) union.clone();
        grows.andNot(old);
        BitSet shrinks = (BitSet) old.clone();
        shrinks.andNot(union);
        int writes = 0;
        try {
            if (!grows.isEmpty() || old.isEmpty()) {
                BitSet wide = (BitSet) union.clone();
                wide.or(old);
                for (String p : parents) {
                    cgroups.write(p, file, list(wide));
                    writes++;
                }
            }
            cgroups.write(sub, file, list(wanted));
            writes++;
            if (!shrinks.isEmpty()) {
                for (int i = parents.size() - 1; i >= 0; i--) {
                    cgroups.write(parents.get(i), file, list(union));
                    writes++;
                }
            }
        } catch (HostWriteException e) {
            return c.writeFailed(d, e, writes > 0 ? " (after " + writes + " earlier writes)" : "");
        }
        c.wroteCpuset(sub, file, wanted);
        parents.forEach(p -> c.wroteCpuset(p, file, union));
        String parentsChanged = parents.isEmpty() || union.equals(old) ? ""
                : " (" + list(union) + " to " + describe(parents) + ")";
        return c.outcome(d, Outcome.Status.APPLIED, "wrote " + file + "=" + list(wanted) + " to " + sub + parentsChanged);
    }

    /** The kernel's list format ({@code 0-3,8}), the same for CPUs and nodes. */
    private static String list(BitSet set) {
        return CpuSet.fromBits(set).toString();
    }
}
