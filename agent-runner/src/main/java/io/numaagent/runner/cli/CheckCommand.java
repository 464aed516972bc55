package io.numaagent.runner.cli;

import io.numaagent.runner.config.AgentConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code numa-agent check -c FILE}: validate a config without running anything. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Validate a config file: YAML syntax, every key, type and range, plugin configs. "
                + "Exit 0 if valid, 2 with file:line:column: key: problem if not.")
final class CheckCommand implements Callable<Integer> {

    @CommandLine.Mixin
    CommonOptions common;

    @CommandLine.Mixin
    ConfigOption config;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try (Wiring w = Wiring.forConfig(common, config.file, false)) {
            AgentConfig c = w.config();
            w.createPlugins(); // the plugins' own cross-key checks
            spec.commandLine().getOut().println(config.file + ": ok (" + c.plugins().size() + " plugin(s): "
                    + String.join(", ", c.plugins().stream().map(p -> p.name()).toList()) + "; "
                    + (c.executor().apply() ? "apply" : "dry-run") + ")");
            return 0;
        } catch (Wiring.Failure f) {
            err.println("numa-agent: " + f.getMessage());
            return f.exitCode();
        }
    }
}
