package io.numaagent.plugins.numaallocator;

import io.numaagent.api.plugin.PluginLogger;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Step 5 of {@code decide()}: warns once per task (not every cycle) that it has no per-node memory figures
 * and is left alone, and again only if the figures came back and went away again. WCA's {@code allocate()}
 * crashes on such a task ({@code KeyError}).
 */
final class MissingFiguresWarning {

    private final PluginLogger log;
    private final Set<String> warned = new HashSet<>();

    MissingFiguresWarning(PluginLogger log) {
        this.log = log;
    }

    void warn(TaskView[] tasks) {
        for (TaskView v : tasks) {
            if (v.hasNodeMemory) {
                if (!warned.isEmpty()) {
                    warned.remove(v.id());
                }
            } else if (warned.add(v.id())) {
                log.warn("task {} has no per-node memory figures (memory.numa_stat); it is not pinned or migrated "
                        + "until they are available", v.id());
            }
        }
    }

    void forget(Predicate<String> gone) {
        warned.removeIf(gone);
    }
}
