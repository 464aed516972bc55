package io.numaagent.runner.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code numa-agent version}. */
@Command(name = "version", mixinStandardHelpOptions = true, description = "Print the version.")
final class VersionCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "development build" : v;
    }

    @Override
    public void run() {
        spec.commandLine().getOut().println("numa-agent " + version() + " (Java " + Runtime.version() + ", "
                + System.getProperty("os.arch") + ")");
    }

    /** For {@code --version}. */
    static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"numa-agent " + version()};
        }
    }
}
