package io.numaagent.runner.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code numa-agent replay}: what-if over recorded snapshots. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Run the config's plugins over recorded snapshots (JSON lines from run --record or snapshot) "
                + "and print their decisions as JSON lines. Nothing is applied.",
                "Every plugin decides on every recorded snapshot; outcomes fed back are the dry-run ones."})
final class ReplayCommand implements Callable<Integer> {

    @CommandLine.Mixin
    CommonOptions common;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", required = true, description = "config naming the plugins")
    Path config;

    @Parameters(paramLabel = "RECORDING", description = "file of snapshots, one JSON object per line")
    Path recording;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        try (Wiring w = Wiring.forConfig(common, config, true)) {
            return w.replay(recording, spec.commandLine().getOut());
        } catch (Wiring.Failure f) {
            spec.commandLine().getErr().println("numa-agent: " + f.getMessage());
            return f.exitCode();
        }
    }
}
