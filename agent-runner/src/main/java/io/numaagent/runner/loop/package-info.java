/**
 * The agent's cycle, apart from where its parts come from:
 * {@link io.numaagent.runner.loop.AgentLoop} takes a snapshot from a
 * {@link io.numaagent.runner.loop.SnapshotSource} (the live host or a recording), asks each due
 * {@link io.numaagent.runner.loop.PluginRun} for decisions, hands them all to a
 * {@link io.numaagent.runner.loop.DecisionExecutor} and feeds the outcomes into the next snapshot,
 * reporting to a {@link io.numaagent.runner.loop.LoopObserver}. In dry-run a
 * {@link io.numaagent.runner.loop.DryRunOverlay} wraps the snapshot source, so that printed
 * decisions count as applied until the measured state differs. Work for the loop's thread from
 * elsewhere (the control prompt's plugin commands and cycles) runs between cycles through
 * {@code AgentLoop.between}. Each plugin decides on a thread of its own under a deadline
 * ({@code PluginCalls}), so a faulty plugin costs only itself. The CLI's {@code Wiring} supplies the parts.
 */
package io.numaagent.runner.loop;
