package io.numaagent.api.decision;

import java.util.List;

/** Move the given page ranges of one process to {@code node} ({@code move_pages(2)}). Action {@code move-pages}. */
public record MovePages(String plugin, String task, int pid, List<PageRange> ranges, int node, String reason)
        implements Decision {
    public MovePages {
        Decision.requireText(plugin, "plugin");
        Decision.requireText(task, "task");
        ranges = List.copyOf(ranges);
        if (pid <= 0) {
            throw new IllegalArgumentException("pid must be positive");
        }
        if (ranges.isEmpty()) {
            throw new IllegalArgumentException("ranges must not be empty");
        }
        if (node < 0) {
            throw new IllegalArgumentException("node must not be negative");
        }
    }

    @Override
    public String action() {
        return "move-pages";
    }

    @Override
    public Resource resource() {
        return Resource.MEMORY;
    }
}
