package io.numaagent.plugins.numaallocator;

import io.numaagent.api.NodeSet;
import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.MigrateMemory;
import io.numaagent.api.decision.MigrateMemory.MigrationMode;
import io.numaagent.api.decision.SetCpus;
import io.numaagent.api.decision.SetMemoryMigrate;
import io.numaagent.api.decision.SetMems;
import io.numaagent.api.plugin.PluginLogger;
import java.util.ArrayList;
import java.util.List;

/**
 * Step 10, second half: the decisions of one pin, in the order the executor must apply them: {@code set-cpus}
 * to the node's CPUs; with {@code cgroups_memory_binding}, {@code set-memory-migrate true} first (with
 * {@code cgroups_memory_migrate}, so that the kernel moves the pages on cgroup v1) and {@code set-mems};
 * then with {@code migrate_pages} a {@code migrate-memory} to the node.
 */
final class PinDecisions {

    private final String plugin;
    private final boolean memoryBinding;
    private final boolean memoryMigrate;
    private final boolean migratePages;
    private final MigrationMode migrationMode;
    private final PluginLogger log;

    PinDecisions(AllocatorSettings settings, String plugin, PluginLogger log) {
        this.plugin = plugin;
        this.memoryBinding = settings.memoryBinding();
        this.memoryMigrate = settings.memoryMigrate();
        this.migratePages = settings.migratePages();
        this.migrationMode = settings.migrationMode();
        this.log = log;
    }

    List<Decision> of(Pin p, NodeTable nodes) {
        List<Decision> decisions = new ArrayList<>(4);
        String task = p.view().id();
        int node = nodes.ids[p.position()];
        decisions.add(new SetCpus(plugin, task, nodes.cpus[p.position()], p.reason()));
        if (memoryBinding) {
            if (memoryMigrate) {
                decisions.add(new SetMemoryMigrate(plugin, task, true, "memory_migrate before binding to node " + node
                        + " (cgroups_memory_migrate)"));
            }
            decisions.add(new SetMems(plugin, task, NodeSet.of(node), "bind memory to node " + node
                    + " (cgroups_memory_binding): " + p.reason()));
        }
        if (migratePages) {
            long pages = p.view().pagesOffNode(nodes, p.position());
            decisions.add(new MigrateMemory(plugin, task, node, NodeSet.EMPTY, migrationMode,
                    "move memory to node " + node + " after pinning: " + pages + " pages elsewhere"));
        }
        log.info("pin {} to node {}: {}", task, node, p.reason());
        return decisions;
    }
}
