package io.numaagent.runner.loop;

import io.numaagent.api.decision.Decision;
import io.numaagent.api.plugin.Plugin;
import io.numaagent.api.testing.TestMachine;
import io.numaagent.runner.host.Fixtures;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Run by {@link PluginFaultsTest} in a JVM of small heap: three cycles of a plugin that allocates
 * until the heap is exhausted beside one that pins every task, printing what each cycle did.
 */
public final class OutOfHeapPluginMain {

    private OutOfHeapPluginMain() {
    }

    public static void main(String[] args) {
        TestMachine machine = PluginFaultsTest.withTasks(Fixtures.twoSocketFourNode());
        Instant now = Instant.parse("2026-12-02T08:00:00Z");
        Plugin leaker = s -> {
            List<long[]> hoard = new ArrayList<>();
            while (true) {
                hoard.add(new long[1 << 16]); // 512 KiB at a time, kept until the heap is gone
            }
        };
        AtomicInteger goodDecisions = new AtomicInteger();
        List<PluginRun> runs = List.of(new PluginRun("leaker", leaker, Duration.ofSeconds(120)),
                new PluginRun("good", PluginFaultsTest.pinner("good"), Duration.ofSeconds(120)));
        AgentLoop loop = new AgentLoop(runs, (seq, prev) -> Optional.of(machine.snapshot(seq, now, prev, List.of())),
                (snapshot, decisions) -> {
                    goodDecisions.set((int) decisions.stream().map(Decision::plugin).filter("good"::equals).count());
                    return List.of();
                }, LoopObserver.NONE, Clock.systemUTC());
        for (int i = 1; i <= 3; i++) {
            goodDecisions.set(0);
            AgentLoop.CycleResult r = loop.cycle(runs).orElseThrow();
            System.out.println("cycle " + i + ": failed " + r.failedPlugins() + ", good decided " + goodDecisions.get());
        }
        loop.close();
    }
}
