package io.numaagent.runner.tracking;

import io.numaagent.api.testing.TestMachine;
import io.numaagent.runner.host.Fixtures;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * A fixture machine's host tree ({@link Fixtures}) with {@link PageTrackingTree}'s files and processes
 * whose anonymous pages are present and soft-dirty on given nodes: what a page tracker finds where
 * tasks run (the committed trees have no pagemap, so trackers refuse them). agent-tests' tier-mover
 * scenario writes one; {@link #main} writes one for the dashboard checks ({@code dashboards/stack.sh}),
 * which run {@code bin/numa-agent} over it.
 */
public final class TrackedFixture {

    /** Where each process's first anonymous mapping starts. */
    public static final long HEAP = 0x55d0_0000_0000L;
    /** How far apart a process's mappings start (a gap between them keeps them apart as regions). */
    public static final long MAPPING_STRIDE = 1L << 30;
    /** Frames of one process on a node start at {@code pid * FRAMES_PER_PID}, so no two processes share one. */
    private static final long FRAMES_PER_PID = 1000;

    private TrackedFixture() {
    }

    /**
     * Writes fixture {@code name} under {@code dir} with, for each pid of {@code pages}, its {@code stat}
     * (start time 1000 + pid) and per node, in node order, one anonymous mapping of that many pages present
     * and soft-dirty on the node: the first at {@link #HEAP}, each next {@link #MAPPING_STRIDE} further
     * (trackers name one node per region, the one with most pages: one mapping per node shows them all).
     *
     * @param pages pid -> (node -> pages)
     */
    public static PageTrackingTree write(String name, Path dir, Map<Integer, ? extends Map<Integer, Integer>> pages) {
        Supplier<TestMachine> machine = Fixtures.all().get(name);
        if (machine == null) {
            throw new IllegalArgumentException("no fixture " + name + "; there are " + Fixtures.all().keySet());
        }
        PageTrackingTree t = PageTrackingTree.write(machine.get(), dir);
        pages.forEach((pid, byNode) -> {
            PageTrackingTree.Proc p = t.process(pid, 1000L + pid);
            long vaddr = HEAP;
            for (var run : new TreeMap<>(byNode).entrySet()) {
                p.anon(vaddr, run.getValue())
                        .presentRun(vaddr, run.getValue(), t.pfn(run.getKey(), pid * FRAMES_PER_PID), true);
                vaddr += MAPPING_STRIDE;
            }
        });
        return t;
    }

    /**
     * {@code TrackedFixture FIXTURE DIR PID:NODE=PAGES[,NODE=PAGES]...}, e.g.
     * {@code twoSocketFourNode /tmp/host 1001:0=64,2=32}: writes the tree (see {@link #write}).
     */
    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: TrackedFixture FIXTURE DIR PID:NODE=PAGES[,NODE=PAGES]...");
            System.exit(2);
        }
        try {
            write(args[0], Path.of(args[1]), processes(java.util.Arrays.copyOfRange(args, 2, args.length)));
        } catch (IllegalArgumentException e) {
            System.err.println("TrackedFixture: " + e.getMessage());
            System.exit(2);
        }
    }

    /** {@code PID:NODE=PAGES[,NODE=PAGES]} arguments as pid -> (node -> pages). */
    static Map<Integer, Map<Integer, Integer>> processes(String... specs) {
        Map<Integer, Map<Integer, Integer>> out = new LinkedHashMap<>();
        for (String spec : specs) {
            String[] pidAndRuns = spec.split(":", 2);
            if (pidAndRuns.length != 2) {
                throw new IllegalArgumentException("'" + spec + "': expected PID:NODE=PAGES[,NODE=PAGES]");
            }
            Map<Integer, Integer> byNode = new TreeMap<>();
            for (String run : pidAndRuns[1].split(",")) {
                String[] nodeAndPages = run.split("=", 2);
                if (nodeAndPages.length != 2) {
                    throw new IllegalArgumentException("'" + spec + "': '" + run + "' is not NODE=PAGES");
                }
                byNode.put(Integer.parseInt(nodeAndPages[0].strip()), Integer.parseInt(nodeAndPages[1].strip()));
            }
            out.put(Integer.parseInt(pidAndRuns[0].strip()), byNode);
        }
        return out;
    }
}
