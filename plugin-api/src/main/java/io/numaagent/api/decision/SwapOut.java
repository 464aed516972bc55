package io.numaagent.api.decision;

import java.util.List;

/** Swap out the given page ranges of one process ({@code process_madvise(MADV_PAGEOUT)}). Action {@code swap-out}. */
public record SwapOut(String plugin, String task, int pid, List<PageRange> ranges, String reason) implements Decision {
    public SwapOut {
        Decision.requireText(plugin, "plugin");
        Decision.requireText(task, "task");
        ranges = List.copyOf(ranges);
        if (pid <= 0) {
            throw new IllegalArgumentException("pid must be positive");
        }
        if (ranges.isEmpty()) {
            throw new IllegalArgumentException("ranges must not be empty");
        }
    }

    @Override
    public String action() {
        return "swap-out";
    }

    @Override
    public Resource resource() {
        return Resource.MEMORY;
    }
}
