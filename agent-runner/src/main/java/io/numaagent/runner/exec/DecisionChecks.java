package io.numaagent.runner.exec;

import io.numaagent.api.CpuSet;
import io.numaagent.api.NodeSet;
import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.MigrateMemory;
import io.numaagent.api.decision.MovePages;
import io.numaagent.api.decision.PageRange;
import io.numaagent.api.decision.SetCpuClass;
import io.numaagent.api.decision.SetCpuShares;
import io.numaagent.api.decision.SetUncoreFrequency;
import io.numaagent.api.decision.SetCpus;
import io.numaagent.api.decision.SetIrqAffinity;
import io.numaagent.api.decision.SetMemoryMigrate;
import io.numaagent.api.decision.SetMems;
import io.numaagent.api.decision.SetNumaBalancing;
import io.numaagent.api.decision.SetSchedulingClass;
import io.numaagent.api.decision.SwapOut;
import io.numaagent.api.snapshot.Container;
import io.numaagent.api.snapshot.Cpu;
import io.numaagent.api.snapshot.Interrupt;
import io.numaagent.api.snapshot.Platform;
import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.api.snapshot.Task;
import io.numaagent.runner.host.CgroupLayout;
import java.util.List;

/**
 * What the executor asks of a decision before acting on it, against the cycle's snapshot: is it
 * valid ({@link #invalid}: CPUs and nodes exist and are usable, pids belong to the task, ranges
 * are page aligned), and is it already so ({@link #unchanged}). Each answer is the outcome's
 * detail, or {@code null}.
 *
 * <p>The cgroup version and page size are the snapshot's: live they are this machine's, and a
 * replayed recording is judged as on the machine it was recorded on. Recordings made before the
 * platform carried them read as 4 KiB pages and an unknown cgroup version, which falls back to
 * this machine's layout.
 */
final class DecisionChecks {

    private final CgroupLayout layout;

    DecisionChecks(CgroupLayout layout) {
        this.layout = layout;
    }

    private boolean isV2(Platform platform) {
        return platform.cgroupVersion() == Platform.CGROUP_UNKNOWN ? layout.isV2()
                : platform.cgroupVersion() == Platform.CGROUP_V2;
    }


    /** Why the decision cannot be carried out, or {@code null}. {@code task} is {@code null} for machine decisions. */
    String invalid(Cycle c, Task task, Decision d) {
        Snapshot s = c.snapshot();
        boolean writesCgroupFiles = d instanceof SetCpus || d instanceof SetMems || d instanceof SetMemoryMigrate
                || d instanceof SetCpuShares || d instanceof SetSchedulingClass;
        if (writesCgroupFiles && task.isProcess()) {
            return d.action() + " needs a cgroup task; " + task.id() + " is a single process";
        }
        String sub = subCgroupOf(d);
        if (sub != null && !task.subCgroups().contains(sub)) {
            return d.action() + " of sub-cgroup " + sub + ": not one of the sub-cgroups of task " + task.id()
                    + " " + task.subCgroups();
        }
        if (d instanceof SetCpus sc) {
            return checkCpus(s, sc.cpus());
        } else if (d instanceof SetMems sm) {
            return checkMemoryNodes(c, sm.mems());
        } else if (d instanceof SetMemoryMigrate) {
            return isV2(s.platform())
                    ? "cpuset.memory_migrate does not exist on cgroup v2 (v2 moves pages on every cpuset.mems change)"
                    : null;
        } else if (d instanceof MigrateMemory mm) {
            String bad = checkMemoryNodes(c, NodeSet.of(mm.node()));
            if (bad != null) {
                return bad;
            }
            NodeSet unknown = mm.from().difference(s.platform().nodeIds());
            if (!unknown.isEmpty()) {
                return "from " + ids("node", unknown.size(), unknown.toString(), "does not exist", "do not exist");
            }
            return task.pids().isEmpty() ? "task " + task.id() + " has no processes" : null;
        } else if (d instanceof MovePages mp) {
            String bad = checkPid(task, mp.pid());
            if (bad == null) {
                bad = checkMemoryNodes(c, NodeSet.of(mp.node()));
            }
            return bad != null ? bad : checkRanges(s.platform(), mp.ranges());
        } else if (d instanceof SwapOut so) {
            String bad = checkPid(task, so.pid());
            return bad != null ? bad : checkRanges(s.platform(), so.ranges());
        } else if (d instanceof SetNumaBalancing) {
            return s.kernel().numaBalancing() < 0 ? "kernel has no numa_balancing (sysctl missing)" : null;
        } else if (d instanceof SetCpuShares || d instanceof SetSchedulingClass) {
            return null; // the record holds values the kernel takes (its constructor checks them)
        } else if (d instanceof SetIrqAffinity irq) {
            return checkInterrupt(s, irq);
        } else if (d instanceof SetCpuClass cc) {
            String bad = checkCpus(s, cc.cpus());
            return bad != null ? bad : CpuPowerChecks.invalid(s, cc);
        } else if (d instanceof SetUncoreFrequency uf) {
            return CpuPowerChecks.invalid(s, uf);
        }
        return "unknown decision " + d.getClass().getSimpleName();
    }

    /** Why nothing needs doing, or {@code null} when something does. */
    String unchanged(Cycle c, Task task, Decision d) {
        if (d instanceof SetSchedulingClass sch) {
            return schedulingAlready(task, sch);
        }
        String sub = subCgroupOf(d);
        if (sub != null) {
            // what the container's sub-cgroup shows; without a container record it is not known: write
            Container con = task.container(sub).orElse(null);
            if (con != null && d instanceof SetCpus sc && con.cpus().equals(sc.cpus())) {
                return "cpuset.cpus of " + sub + " already " + sc.cpus();
            } else if (con != null && d instanceof SetMems sm && con.mems().equals(sm.mems())) {
                return "cpuset.mems of " + sub + " already " + sm.mems();
            } else if (con != null && d instanceof SetCpuShares cs) {
                return weightAlready(c, con.cpuWeight(), cs, " of " + sub);
            }
            return null;
        }
        if (d instanceof SetCpus sc) {
            return task.measurements().cpus().equals(sc.cpus()) ? "cpuset.cpus already " + sc.cpus() : null;
        } else if (d instanceof SetMems sm) {
            return task.measurements().mems().equals(sm.mems()) ? "cpuset.mems already " + sm.mems() : null;
        } else if (d instanceof SetMemoryMigrate mig) {
            return task.measurements().memoryMigrate() == mig.enabled()
                    ? "cpuset.memory_migrate already " + (mig.enabled() ? 1 : 0) : null;
        } else if (d instanceof SetCpuShares cs) {
            return weightAlready(c, task.measurements().cpuWeight(), cs, "");
        } else if (d instanceof SetCpuClass cc) {
            return CpuPowerChecks.unchanged(c.snapshot(), cc);
        } else if (d instanceof SetUncoreFrequency uf) {
            return CpuPowerChecks.unchanged(c.snapshot(), uf);
        } else if (d instanceof SetNumaBalancing nb) {
            return c.snapshot().kernel().numaBalancing() == nb.mode() ? "numa_balancing already " + nb.mode() : null;
        } else if (d instanceof SetIrqAffinity irq) {
            Interrupt i = c.snapshot().kernel().interrupt(irq.irq()).orElse(null);
            return i != null && i.affinity().equals(irq.cpus())
                    ? "smp_affinity_list of irq " + irq.irq() + " already " + irq.cpus() : null;
        } else if (d instanceof MigrateMemory mm) {
            NodeSet sources = c.sources(mm);
            if (sources.isEmpty()) {
                return "no node with memory other than node " + mm.node();
            }
            if (!task.measurements().hasMemoryPerNode()) {
                return null;
            }
            long elsewhere = sources.stream().mapToLong(n -> task.measurements().memoryBytesOnNode(n)).sum();
            return elsewhere == 0 ? "no memory on nodes " + sources + "; all on node " + mm.node() : null;
        }
        return null;
    }

    /** "cpu.weight of SUB already 39", or {@code null}; a weight not measured (-1) is written. */
    private String weightAlready(Cycle c, long measured, SetCpuShares cs, String of) {
        boolean v2 = isV2(c.snapshot().platform());
        long wanted = cs.fileValue(v2 ? Platform.CGROUP_V2 : Platform.CGROUP_V1);
        return measured == wanted ? (v2 ? "cpu.weight" : "cpu.shares") + of + " already " + wanted : null;
    }

    /**
     * "every thread of SUB already runs with class C", or {@code null}: when the snapshot shows threads there and
     * each runs with the class. Without them (not read, or none) the class is applied.
     */
    private static String schedulingAlready(Task task, SetSchedulingClass d) {
        var seen = task.threadSchedulingOf(d.subCgroup());
        if (seen.isEmpty() || !seen.stream().allMatch(d.parameters()::matches)) {
            return null;
        }
        int n = seen.stream().mapToInt(t -> t.threads()).sum();
        return "the " + n + (n == 1 ? " thread of " : " threads of ") + (d.subCgroup() != null ? d.subCgroup()
                : task.id()) + " already run with class " + d.className();
    }

    /** The one sub-cgroup a decision is for, or {@code null} (the whole task, or not a per-cgroup decision). */
    static String subCgroupOf(Decision d) {
        if (d instanceof SetCpus sc) {
            return sc.subCgroup();
        } else if (d instanceof SetCpuShares cs) {
            return cs.subCgroup();
        } else if (d instanceof SetSchedulingClass sch) {
            return sch.subCgroup();
        }
        return d instanceof SetMems sm ? sm.subCgroup() : null;
    }

    /** The interrupt is in the snapshot, movable as far as known, and its CPUs exist and are online. */
    private static String checkInterrupt(Snapshot s, SetIrqAffinity d) {
        Interrupt i = s.kernel().interrupt(d.irq()).orElse(null);
        if (i == null) {
            return "irq " + d.irq() + " is not in the snapshot (not in /proc/interrupts, or interrupts not measured)";
        }
        if (!i.movable()) {
            return i.label() + " cannot be moved: the kernel refused it before (a managed or per-CPU interrupt)";
        }
        return checkCpus(s, d.cpus());
    }

    private static String checkCpus(Snapshot s, CpuSet cpus) {
        CpuSet known = CpuSet.of(s.platform().cpus().stream().map(Cpu::id).toList());
        CpuSet unknown = cpus.difference(known);
        if (!unknown.isEmpty()) {
            return ids("cpu", unknown.size(), unknown.toString(), "does not exist", "do not exist");
        }
        CpuSet offline = cpus.difference(s.platform().onlineCpus());
        return offline.isEmpty() ? null : ids("cpu", offline.size(), offline.toString(), "is offline", "are offline");
    }

    private static String checkMemoryNodes(Cycle c, NodeSet nodes) {
        NodeSet unknown = nodes.difference(c.snapshot().platform().nodeIds());
        if (!unknown.isEmpty()) {
            return ids("node", unknown.size(), unknown.toString(), "does not exist", "do not exist");
        }
        NodeSet memoryless = nodes.difference(c.nodesWithMemory());
        if (!memoryless.isEmpty()) {
            return ids("node", memoryless.size(), memoryless.toString(), "has no memory", "have no memory");
        }
        return null;
    }

    /** "cpu 7 is offline" / "cpus 7-8 are offline". */
    private static String ids(String noun, int count, String list, String singular, String plural) {
        return count == 1 ? noun + " " + list + " " + singular : noun + "s " + list + " " + plural;
    }

    private static String checkPid(Task task, int pid) {
        return task.pids().contains(pid) ? null : "pid " + pid + " is not in task " + task.id();
    }

    private String checkRanges(Platform platform, List<PageRange> ranges) {
        long pageSize = platform.pageSizeBytes();
        for (PageRange r : ranges) {
            if (r.start() % pageSize != 0 || r.length() % pageSize != 0) {
                return "range " + r + " is not page aligned (page size " + pageSize + ")";
            }
        }
        return null;
    }
}
