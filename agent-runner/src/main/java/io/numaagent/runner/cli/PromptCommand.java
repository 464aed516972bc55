package io.numaagent.runner.cli;

import io.numaagent.runner.config.ControlSettings;
import io.numaagent.runner.control.ControlProtocol.Reply;
import io.numaagent.runner.control.PromptClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.completer.StringsCompleter;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code numa-agent prompt}: talks to a running agent over its control socket. */
@Command(name = "prompt", mixinStandardHelpOptions = true,
        description = {"Talk to a running agent over its control socket: status, snapshot, recent decisions, "
                + "plugin commands, pause/resume, one cycle now ('help' lists them).",
                "Interactive with line editing and history (~/.numa-agent_history) on a terminal; one request per "
                        + "line from a pipe; or one request with -c.",
                "Exit status: 0 ok; 1 the agent answered with an error, or no agent could be reached; 2 bad usage."})
final class PromptCommand implements Callable<Integer> {

    @Option(names = {"-c", "--command"}, paramLabel = "REQUEST", description = "send one request, print the answer, exit")
    String request;

    @Option(names = "--socket", paramLabel = "PATH",
            description = "the agent's control socket (default: its config's control.socket, else control.sock in "
                    + "the state directory)")
    Path socket;

    @Option(names = "--config", paramLabel = "FILE", description = "the agent's config, for its control.socket")
    Path config;

    @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = "${env:NUMA_AGENT_STATE_DIR:-/var/lib/numa-agent}",
            description = "the agent's state directory (default: ${DEFAULT-VALUE})")
    Path stateDir;

    @CommandLine.Mixin
    CommonOptions common;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path path;
        try {
            path = socketPath();
        } catch (Wiring.Failure f) {
            err.println("numa-agent: " + f.getMessage());
            return f.exitCode();
        }
        try (PromptClient client = PromptClient.connect(path)) {
            if (request != null) {
                return print(client.send(request), out, err) ? 0 : 1;
            }
            return System.console() != null ? interactive(client, path) : fromInput(client, out, err);
        } catch (IOException e) {
            err.println("numa-agent: " + e.getMessage());
            return 1;
        }
    }

    /**
     * {@code --socket}, else the config's {@code control.socket}, else {@code control.sock} in the state
     * directory, or in the temporary one an unprivileged agent falls back to (as {@code Wiring} does).
     */
    private Path socketPath() throws Wiring.Failure {
        if (socket != null) {
            return socket;
        }
        if (config != null) {
            try (Wiring w = Wiring.forConfig(common, config, true)) {
                if (w.config().control().socket() != null) {
                    return w.config().control().socket();
                }
            }
        }
        Path inStateDir = stateDir.resolve(ControlSettings.DEFAULT_SOCKET_NAME);
        Path fallback = Wiring.FALLBACK_STATE_ROOT.resolve(ControlSettings.DEFAULT_SOCKET_NAME);
        return !Files.exists(inStateDir) && Files.exists(fallback) ? fallback : inStateDir;
    }

    /** Prints a reply, an error's lines to {@code err}; returns whether it was ok. */
    private static boolean print(Reply reply, PrintWriter out, PrintWriter err) {
        PrintWriter to = reply.ok() ? out : err;
        to.print(reply.text());
        to.flush();
        return reply.ok();
    }

    /** Requests read from standard input, one a line; 1 if any answer was an error. */
    private static int fromInput(PromptClient client, PrintWriter out, PrintWriter err) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        boolean allOk = true;
        String line;
        while ((line = in.readLine()) != null) {
            if (!line.isBlank()) {
                allOk &= print(client.send(line), out, err);
            }
        }
        return allOk ? 0 : 1;
    }

    /** {@code ~/.numa-agent_history}, with {@code $HOME} first (Java's user.home ignores it, sudo sets it). */
    static Path historyFile() {
        String home = System.getenv("HOME");
        return Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"), ".numa-agent_history");
    }

    private static int interactive(PromptClient client, Path path) throws IOException {
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("numa-agent")
                    .completer(new StringsCompleter("status", "snapshot", "decisions", "plugin", "pause", "resume",
                            "cycle", "help", "quit"))
                    .variable(LineReader.HISTORY_FILE, historyFile())
                    .build();
            PrintWriter out = terminal.writer();
            out.println("connected to " + path + "; 'help' lists the commands, 'quit' or Ctrl-D leaves");
            while (true) {
                String line;
                try {
                    line = reader.readLine("numa-agent> ");
                } catch (UserInterruptException e) {
                    continue; // Ctrl-C drops the line, as a shell does
                } catch (EndOfFileException e) {
                    return 0;
                }
                String request = line.strip();
                if (request.equals("quit") || request.equals("exit")) {
                    return 0;
                }
                if (!request.isEmpty()) {
                    print(client.send(request), out, out);
                }
            }
        }
    }
}
