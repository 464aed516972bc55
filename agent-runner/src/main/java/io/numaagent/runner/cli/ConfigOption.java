package io.numaagent.runner.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code -c FILE} for the commands that run a config ({@code run}, {@code check}). */
final class ConfigOption {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            defaultValue = "${env:NUMA_AGENT_CONFIG:-/etc/numa-agent/numa-agent.yaml}",
            description = "config file (default: $NUMA_AGENT_CONFIG, else ${DEFAULT-VALUE})")
    Path file;
}
