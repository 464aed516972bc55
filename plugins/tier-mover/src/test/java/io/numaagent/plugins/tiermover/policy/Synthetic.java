package io.numaagent.plugins.tiermover.policy;

import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.MovePages;
import io.numaagent.api.decision.PageRange;
import io.numaagent.api.decision.SwapOut;
import io.numaagent.api.snapshot.Task;
import io.numaagent.api.testing.TestMachine;
import io.numaagent.api.tracking.RangeCounter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Synthetic rounds on the {@code cxlTwoMemoryOnlyNodes} machine (DRAM nodes 0 and 1, CPU-less nodes 2
 * and 3, 8 GiB each), tasks {@code /batch/a} (pid 101) and {@code /batch/b} (pid 201), 4 KiB pages.
 * Ranges are given in pages from address 0x7f0000000000.
 */
final class Synthetic {

    static final long PS = 4096;
    static final long BASE = 0x7f0000000000L;
    static final String A = "/batch/a";
    static final String B = "/batch/b";

    private Synthetic() {
    }

    static TestMachine machine() {
        TestMachine m = TestMachine.cxlTwoMemoryOnlyNodes();
        m.task(A).pids(101).effective("0-15", "0-3");
        m.task(B).pids(201).effective("0-15", "0-3");
        return m;
    }

    /** A range of {@code pages} pages from page {@code page} with {@code accesses} accesses, on {@code node}. */
    static RangeCounter r(long page, long pages, long accesses, int node) {
        return new RangeCounter(BASE + page * PS, pages, accesses, 0, 0, 0, node);
    }

    static ProcessCounters p(String task, int pid, RangeCounter... ranges) {
        return new ProcessCounters(task, pid, 1, 0, List.of(ranges));
    }

    static Round round(long nowMs, boolean moverIdle, ProcessCounters... processes) {
        return round(machine(), nowMs, moverIdle, processes);
    }

    static Round round(TestMachine m, long nowMs, boolean moverIdle, ProcessCounters... processes) {
        Map<String, Task> tasks = new LinkedHashMap<>();
        m.tasks().forEach(t -> tasks.put(t.id(), t));
        return new Round("tier-mover", nowMs, PS, m.nodes(), tasks, List.of(processes), moverIdle);
    }

    /** Decisions as "swap-out PID [first page+pages, ...]" or "move-pages PID [..] -> NODE", pages relative to BASE. */
    static List<String> describe(List<Decision> decisions) {
        List<String> out = new ArrayList<>();
        for (Decision d : decisions) {
            if (d instanceof MovePages mp) {
                out.add("move-pages " + mp.pid() + " " + ranges(mp.ranges()) + " -> " + mp.node());
            } else if (d instanceof SwapOut so) {
                out.add("swap-out " + so.pid() + " " + ranges(so.ranges()));
            } else {
                out.add(d.toString());
            }
        }
        return out;
    }

    private static String ranges(List<PageRange> ranges) {
        List<String> out = new ArrayList<>();
        for (PageRange r : ranges) {
            out.add((r.start() - BASE) / PS + "+" + r.length() / PS);
        }
        return out.toString();
    }
}
