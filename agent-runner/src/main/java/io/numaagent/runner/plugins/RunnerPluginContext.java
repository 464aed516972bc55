package io.numaagent.runner.plugins;

import io.numaagent.api.plugin.Metrics;
import io.numaagent.api.plugin.PluginContext;
import io.numaagent.api.plugin.PluginLogger;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The context the runner gives a plugin: clock, SLF4J-backed logger, metrics, lazily created state directory. */
public final class RunnerPluginContext implements PluginContext {

    private final String name;
    private final Clock clock;
    private final Metrics metrics;
    private final Path stateDirectory;
    private final PluginLogger log;

    public RunnerPluginContext(String name, Clock clock, Metrics metrics, Path stateRoot) {
        this.name = name;
        this.clock = clock;
        this.metrics = metrics;
        this.stateDirectory = stateRoot.resolve(name);
        this.log = new Slf4jPluginLogger(LoggerFactory.getLogger("plugin." + name));
    }

    @Override
    public String instanceName() {
        return name;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public PluginLogger log() {
        return log;
    }

    @Override
    public Metrics metrics() {
        return metrics;
    }

    @Override
    public Path stateDirectory() {
        try {
            return Files.createDirectories(stateDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create state directory " + stateDirectory + " for plugin " + name, e);
        }
    }

    private record Slf4jPluginLogger(Logger logger) implements PluginLogger {
        @Override
        public void debug(String format, Object... args) {
            logger.debug(format, args);
        }

        @Override
        public void info(String format, Object... args) {
            logger.info(format, args);
        }

        @Override
        public void warn(String format, Object... args) {
            logger.warn(format, args);
        }

        @Override
        public void error(String format, Object... args) {
            logger.error(format, args);
        }
    }
}
