/**
 * The {@code tier-mover} plugin (memtierd's trackers, policies and mover). Planned: this release
 * ships an observe-only factory that loads, validates its config and makes no decisions.
 */
package io.numaagent.plugins.tiermover;
