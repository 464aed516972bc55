package io.numaagent.runner.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code numa-agent}: the command line. Exit status 0 ok, 1 a plugin or the run failed, 2 bad usage or config. */
@Command(name = "numa-agent", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = "NUMA placement agent: measures NUMA topology and workloads, runs placement plugins, "
                + "applies their decisions.",
        subcommands = {RunCommand.class, CheckCommand.class, TopologyCommand.class, SnapshotCommand.class,
                ReplayCommand.class, PromptCommand.class, PluginsCommand.class, ConfigKeysCommand.class, VersionCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    /** Exit status for bad usage or a bad config. */
    public static final int EXIT_USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the CLI and returns the exit status (tests call this). */
    public static int execute(String... args) {
        return execute(new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true), args);
    }

    /** Runs the CLI with the given output streams and returns the exit status. */
    public static int execute(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExitCodeExceptionMapper(t -> EXIT_USAGE);
        cl.getCommandSpec().exitCodeOnInvalidInput(EXIT_USAGE);
        return cl.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
