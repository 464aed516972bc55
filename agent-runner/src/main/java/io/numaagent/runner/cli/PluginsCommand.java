package io.numaagent.runner.cli;

import io.numaagent.api.plugin.ConfigKey;
import io.numaagent.runner.plugins.PluginLoadException;
import io.numaagent.runner.plugins.PluginRegistry;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
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
                printKey(out, "", k);
            }
            out.println();
        }
        return 0;
    }

    /** The default as a user would write it in YAML: {@code 5s}, {@code 64Mi}, {@code none} for no value. */
    static String shownDefault(ConfigKey<?> k) {
        Object d = k.defaultValue();
        if (d == null) {
            return "none";
        }
        if (d instanceof Duration t) {
            long ms = t.toMillis();
            return ms % 1000 != 0 ? ms + "ms" : ms % 3_600_000 == 0 ? ms / 3_600_000 + "h"
                    : ms % 60_000 == 0 ? ms / 60_000 + "m" : ms / 1000 + "s";
        }
        if (d instanceof Long bytes && k.typeName().startsWith("size") && bytes > 0) {
            for (String unit : List.of("Ti", "Gi", "Mi", "Ki")) {
                long size = 1L << (10 * (4 - List.of("Ti", "Gi", "Mi", "Ki").indexOf(unit)));
                if (bytes % size == 0) {
                    return bytes / size + unit;
                }
            }
        }
        return d.toString();
    }

    /** One key: path, type, default, accepted aliases, documentation; then the keys beneath it, if any. */
    static void printKey(PrintWriter out, String prefix, ConfigKey<?> k) {
        out.println("    " + prefix + k.name() + ": " + k.typeName() + ", default " + shownDefault(k));
        out.println("        " + k.description());
        k.aliases().forEach((alias, canonical) -> out.println("        (also accepts \"" + alias + "\" for \""
                + canonical + "\")"));
        for (ConfigKey<?> beneath : k.keysBeneath()) {
            printKey(out, prefix + k.name() + ".", beneath);
        }
    }
}
