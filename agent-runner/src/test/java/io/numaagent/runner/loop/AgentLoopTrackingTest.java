package io.numaagent.runner.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.api.decision.Decision;
import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.api.testing.TestMachine;
import io.numaagent.api.tracking.TrackerSpec;
import io.numaagent.api.tracking.TrackingRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The loop asks tracking plugins what to track after they decided, and only them. */
class AgentLoopTrackingTest {

    static final TrackerSpec SPEC = new TrackerSpec.SoftDirty(512, 0, 5000, 0, 0, 0);

    /** A plugin that tracks "/batch/a" or throws from tracking(). */
    record Tracking(boolean fail, List<String> calls) implements io.numaagent.api.plugin.Plugin {
        @Override
        public List<Decision> decide(Snapshot snapshot) {
            calls.add("decide " + snapshot.sequence());
            return List.of();
        }

        @Override
        public Optional<TrackerSpec> tracker() {
            return Optional.of(SPEC);
        }

        @Override
        public Optional<TrackingRequest> tracking(Snapshot snapshot) {
            calls.add("tracking " + snapshot.sequence());
            if (fail) {
                throw new IllegalStateException("broken");
            }
            return Optional.of(new TrackingRequest(SPEC, Set.of("/batch/a")));
        }
    }

    @Test
    void laptopOneNodeTrackingIsAskedAfterDecideAndAFailureCostsThatPluginOnly() {
        List<String> calls = new ArrayList<>();
        List<String> requests = new ArrayList<>();
        TrackingHook hook = new TrackingHook() {
            @Override
            public boolean tracks(String plugin) {
                return !plugin.equals("other");
            }

            @Override
            public void requested(String plugin, Snapshot snapshot, Optional<TrackingRequest> request) {
                requests.add(plugin + " " + snapshot.sequence() + " " + request.map(r -> r.tasks().toString()).orElse("-"));
            }
        };
        TestMachine m = TestMachine.laptopOneNode();
        List<PluginRun> plugins = List.of(
                new PluginRun("tier-mover", new Tracking(false, calls), java.time.Duration.ofSeconds(1)),
                new PluginRun("broken", new Tracking(true, new ArrayList<>()), java.time.Duration.ofSeconds(1)),
                new PluginRun("other", new Tracking(false, new ArrayList<>()), java.time.Duration.ofSeconds(1)));
        AgentLoop loop = new AgentLoop(plugins, (seq, prev) -> Optional.of(m.snapshot(seq, Instant.EPOCH)),
                (s, d) -> List.of(), new LoopObserver() {
                }, Clock.systemUTC(), hook);
        AgentLoop.CycleResult r = loop.cycle(plugins).orElseThrow();
        assertThat(calls).containsExactly("decide 1", "tracking 1");
        assertThat(requests).containsExactly("tier-mover 1 [/batch/a]");
        assertThat(r.failedPlugins()).containsExactly("broken");
    }
}
