/**
 * memtierd's policy config as a memtierd user writes it ({@code policy: {name, config}}, nested configs
 * as mappings or as strings of JSON or YAML read by {@link io.numaagent.plugins.tiermover.config.NestedText},
 * keys case-insensitive through {@link io.numaagent.plugins.tiermover.config.ConfigNode}), read into
 * {@link io.numaagent.plugins.tiermover.config.PolicySettings}: pid watchers become
 * {@link io.numaagent.plugins.tiermover.config.TaskSelector}s, trackers the SPI's {@code TrackerSpec}s.
 * Every problem is a {@code ConfigException} naming the key path.
 */
package io.numaagent.plugins.tiermover.config;
