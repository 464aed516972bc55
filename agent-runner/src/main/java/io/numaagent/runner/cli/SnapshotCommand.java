package io.numaagent.runner.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code numa-agent snapshot}. */
@Command(name = "snapshot", mixinStandardHelpOptions = true,
        description = "Take one snapshot (platform, kernel state, tasks of the config's task sources) and print it as one JSON line (a recording replay can read), or indented with --pretty.")
final class SnapshotCommand implements Callable<Integer> {

    @CommandLine.Mixin
    CommonOptions common;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "config whose paths and task sources to use (default: none: platform and kernel state only)")
    Path config;

    @Option(names = "--pretty", description = "indent the JSON for reading (default: one line, as replay reads)")
    boolean pretty;

    @Option(names = "--track", paramLabel = "SECONDS", defaultValue = "0",
            description = "run the config's plugins' page-access trackers for SECONDS and include their counters "
                    + "(a summary per task and pid goes to stderr)")
    int trackSeconds;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        try (Wiring w = config == null ? Wiring.withoutConfig(common) : Wiring.forConfig(common, config, true)) {
            w.printSnapshot(spec.commandLine().getOut(), spec.commandLine().getErr(), pretty, trackSeconds);
            return 0;
        } catch (Wiring.Failure f) {
            spec.commandLine().getErr().println("numa-agent: " + f.getMessage());
            return f.exitCode();
        }
    }
}
