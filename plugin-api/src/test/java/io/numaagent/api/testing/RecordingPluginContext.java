package io.numaagent.api.testing;

import io.numaagent.api.plugin.PluginContext;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * A plugin context for tests: a fixed clock, a logger that records every line and metrics kept
 * in memory, so a test can assert what a plugin logged and exported. Shared through plugin-api's
 * test-jar.
 */
public final class RecordingPluginContext implements PluginContext {

    /** The instant the clock is fixed at. */
    public static final Instant TIME = Instant.parse("2026-01-01T00:00:00Z");

    private final String instanceName;
    private final RecordingLogger log = new RecordingLogger();
    private final InMemoryMetrics metrics = new InMemoryMetrics();
    private final Path stateDirectory;

    public RecordingPluginContext(String instanceName) {
        this(instanceName, Path.of("target", "plugin-state", instanceName));
    }

    /** A context whose state directory is {@code stateDirectory} (a test's temporary directory). */
    public RecordingPluginContext(String instanceName, Path stateDirectory) {
        this.instanceName = instanceName;
        this.stateDirectory = stateDirectory;
    }

    @Override
    public String instanceName() {
        return instanceName;
    }

    @Override
    public Clock clock() {
        return Clock.fixed(TIME, ZoneOffset.UTC);
    }

    @Override
    public RecordingLogger log() {
        return log;
    }

    @Override
    public InMemoryMetrics metrics() {
        return metrics;
    }

    /**
     * A path under the build directory unless the constructor was given one; nothing is created, since
     * plugins under test should not write unless the test gave them a directory.
     */
    @Override
    public Path stateDirectory() {
        return stateDirectory;
    }
}
