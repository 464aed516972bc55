package io.numaagent.runner.cli;

import io.numaagent.runner.config.KeyDocs;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code numa-agent config-keys}: every key of the runner's own config blocks, with type, default and meaning. */
@Command(name = "config-keys", mixinStandardHelpOptions = true,
        description = "List the keys of the config file (paths, task_sources, plugins, executor, telemetry) with "
                + "their types, defaults and meaning. A plugin's own keys (plugins[].config) are listed by 'plugins'.")
final class ConfigKeysCommand implements Callable<Integer> {

    @Option(names = "--markdown", description = "print the Markdown table of the README's Configuration section")
    boolean markdown;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (markdown) {
            out.print(KeyDocs.markdown());
        } else {
            out.println("config keys of the runner (a plugin's own keys, under plugins[].config: numa-agent plugins)");
            out.print(KeyDocs.text());
        }
        out.flush();
        return 0;
    }
}
