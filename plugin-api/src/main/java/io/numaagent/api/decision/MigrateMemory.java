package io.numaagent.api.decision;

import io.numaagent.api.NodeSet;
import java.util.Objects;

/**
 * Move all of a task's memory to {@code node}, for every process of the task. How it is moved
 * ({@code migrate_pages} in one call, or batched {@code move_pages} under the bandwidth budget)
 * is the executor's {@code migration} setting, or {@link #mode} when the plugin asks for one.
 * Action {@code migrate-memory}.
 *
 * @param node target node
 * @param from nodes to move pages from; empty means "every node other than {@code node}"
 * @param mode how to move, or {@link MigrationMode#DEFAULT} to use the executor's setting
 */
public record MigrateMemory(String plugin, String task, int node, NodeSet from, MigrationMode mode, String reason)
        implements Decision {
    public MigrateMemory {
        Decision.requireText(plugin, "plugin");
        Decision.requireText(task, "task");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(mode, "mode");
        if (node < 0) {
            throw new IllegalArgumentException("node must not be negative");
        }
        if (from.contains(node)) {
            throw new IllegalArgumentException("from must not contain the target node " + node);
        }
    }

    /** Move from every other node with the executor's migration mode. */
    public MigrateMemory(String plugin, String task, int node, String reason) {
        this(plugin, task, node, NodeSet.EMPTY, MigrationMode.DEFAULT, reason);
    }

    @Override
    public String action() {
        return "migrate-memory";
    }

    @Override
    public Resource resource() {
        return Resource.MEMORY;
    }

    /** How memory is moved. */
    public enum MigrationMode {
        /** The executor's configured mode. */
        DEFAULT,
        /** One {@code migrate_pages(2)} call per process: fast, but stalls the process for the whole move. */
        MIGRATE_PAGES,
        /** Batched {@code move_pages(2)} calls, each bounded in length, paced by the bandwidth budget. */
        MOVE_PAGES
    }
}
