package io.numaagent.plugins.tiermover.policy;

import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.MovePages;
import io.numaagent.api.decision.PageRange;
import io.numaagent.api.decision.SwapOut;
import io.numaagent.plugins.tiermover.config.PolicySettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects the ranges a round moves into one decision per process and destination (memtierd makes one
 * mover task per range; one decision with many ranges lets the executor batch them): a
 * {@link MovePages} to a node, or a {@link SwapOut} for destination -1. Adjacent ranges are joined.
 */
final class Moves {

    private record Key(String task, int pid, int dest) {
    }

    private final Round round;
    private final Map<Key, List<long[]>> ranges = new LinkedHashMap<>();

    Moves(Round round) {
        this.round = round;
    }

    /** Moves {@code pages} pages from {@code start} of process {@code pid} to {@code dest} (-1: swap). */
    void add(String task, int pid, long start, long pages, int dest) {
        ranges.computeIfAbsent(new Key(task, pid, dest), k -> new ArrayList<>()).add(new long[] {start, pages});
    }

    boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** The decisions, each with {@code reason} followed by the destination. */
    List<Decision> decisions(String reason) {
        List<Decision> out = new ArrayList<>();
        long ps = round.pageSize();
        for (Map.Entry<Key, List<long[]>> e : ranges.entrySet()) {
            List<long[]> rs = new ArrayList<>(e.getValue());
            rs.sort((a, b) -> Long.compare(a[0], b[0]));
            List<PageRange> joined = new ArrayList<>();
            long start = rs.get(0)[0];
            long end = start + rs.get(0)[1] * ps;
            for (long[] r : rs.subList(1, rs.size())) {
                if (r[0] <= end) {
                    end = Math.max(end, r[0] + r[1] * ps);
                } else {
                    joined.add(new PageRange(start, end - start));
                    start = r[0];
                    end = r[0] + r[1] * ps;
                }
            }
            joined.add(new PageRange(start, end - start));
            Key k = e.getKey();
            long pages = rs.stream().mapToLong(r -> r[1]).sum();
            if (k.dest() == PolicySettings.SWAP) {
                out.add(new SwapOut(round.plugin(), k.task(), k.pid(), joined, reason + ": " + pages + " pages to swap"));
            } else {
                out.add(new MovePages(round.plugin(), k.task(), k.pid(), joined, k.dest(),
                        reason + ": " + pages + " pages to node " + k.dest()));
            }
        }
        return out;
    }
}
