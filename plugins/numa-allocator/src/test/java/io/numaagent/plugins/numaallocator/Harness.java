package io.numaagent.plugins.numaallocator;

import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.MigrateMemory;
import io.numaagent.api.decision.SetCpus;
import io.numaagent.api.decision.SetMemoryMigrate;
import io.numaagent.api.decision.SetMems;
import io.numaagent.api.decision.SetNumaBalancing;
import io.numaagent.api.plugin.Plugin;
import io.numaagent.api.plugin.PluginConfig;
import io.numaagent.api.snapshot.Snapshot;
import java.util.List;
import java.util.Map;

/** One allocator instance with a fake context, created from raw YAML-like config values. */
final class Harness {

    final FakePluginContext context = new FakePluginContext();
    final Plugin plugin;
    private long sequence;

    Harness(Map<String, ?> config) {
        NumaAllocatorPluginFactory factory = new NumaAllocatorPluginFactory();
        plugin = factory.create(PluginConfig.of(factory.configKeys(), config), context);
    }

    static Harness of(Object... keyValues) {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return new Harness(m);
    }

    /** Decides on the machine's next snapshot. */
    List<Decision> decide(Machine m) {
        return plugin.decide(m.snapshot(++sequence));
    }

    List<Decision> decide(Snapshot s) {
        sequence = s.sequence();
        return plugin.decide(s);
    }

    /** The decisions of the next cycle in short form. */
    List<String> brief(Machine m) {
        return decide(m).stream().map(Harness::brief).toList();
    }

    long sequence() {
        return sequence;
    }

    Double metric(String name, String... labels) {
        return context.metrics.value(name, labels);
    }

    /** A decision in short form: action, task, target. */
    static String brief(Decision d) {
        if (d instanceof SetCpus c) {
            return "set-cpus " + c.task() + " " + c.cpus();
        }
        if (d instanceof SetMems s) {
            return "set-mems " + s.task() + " " + s.mems();
        }
        if (d instanceof SetMemoryMigrate s) {
            return "set-memory-migrate " + s.task() + " " + s.enabled();
        }
        if (d instanceof MigrateMemory mm) {
            return "migrate-memory " + mm.task() + " " + mm.node() + " " + mm.mode();
        }
        if (d instanceof SetNumaBalancing nb) {
            return "set-numa-balancing " + nb.mode();
        }
        return d.toString();
    }
}
