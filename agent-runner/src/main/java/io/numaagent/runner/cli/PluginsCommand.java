package io.numaagent.runner.cli;

import io.numaagent.api.plugin.ConfigKey;
import io.numaagent.runner.plugins.PluginLoadException;
import io.numaagent.runner.plugins.PluginRegistry;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code numa-agent plugins}: every plugin found, with its config keys, types and defaults. */
@Command(name = "plugins", mixinStandardHelpOptions = true,
        description = "List the plugins found on the class path and in the plugins directory, with their config keys. "
                + "The runner's own keys are listed by 'config-keys'.")
final class PluginsCommand implements Callable<Integer> {

    @CommandLine.Mixin
    CommonOptions common;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PluginRegistry registry;
        try {
            registry = common.registry();
        } catch (PluginLoadException e) {
            spec.commandLine().getErr().println("numa-agent: " + e.getMessage());
            return Main.EXIT_USAGE;
        }
        for (PluginRegistry.Found f : registry.all()) {
            out.println(f.name() + "  (" + f.source() + ")");
            out.println("    " + f.factory().description());
            if (f.factory().configKeys().isEmpty()) {
                out.println("    no config keys");
            }
            for (ConfigKey<?> k : f.factory().configKeys()) {
                out.println("    " + k.name() + ": " + k.typeName() + ", default " + k.defaultValue());
                out.println("        " + k.description());
            }
            out.println();
        }
        return 0;
    }
}
