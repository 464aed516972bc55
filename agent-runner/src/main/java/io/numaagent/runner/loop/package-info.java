/**
 * The agent's loop: each plugin at its own interval, one snapshot per cycle for all plugins due,
 * all their decisions to the executor at once, outcomes into the next snapshot. A plugin that
 * throws costs that plugin that cycle. Snapshot source and executor are interfaces, so the same
 * loop runs live, in dry-run and over a recording.
 */
package io.numaagent.runner.loop;
