package io.numaagent.runner.control;

import io.numaagent.api.decision.Outcome;
import io.numaagent.api.plugin.PluginCommands;
import io.numaagent.runner.control.ControlProtocol.Reply;
import io.numaagent.runner.exec.Executor;
import io.numaagent.runner.loop.AgentLoop;
import io.numaagent.runner.loop.PluginRun;
import io.numaagent.runner.recording.RecordingWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The prompt's commands. Reading commands ({@code status}, {@code snapshot}, {@code decisions})
 * answer from {@link LoopHistory} at once, even during a long cycle; {@code plugin} and {@code cycle}
 * run on the loop's thread between cycles ({@link AgentLoop#between}) and wait for it;
 * {@code pause}/{@code resume} switch the executor. A bad request gets a usage message; nothing a
 * request does (or a plugin command throws) reaches the loop.
 */
public final class ControlCommands {

    private static final Logger LOG = LoggerFactory.getLogger(ControlCommands.class);

    static final int DEFAULT_DECISIONS = 20;
    /** Read warnings of the latest snapshot that {@code status} lists. */
    static final int WARNINGS_SHOWN = 5;

    /** Each command's usage and what it does, in the order {@code help} lists them. */
    private static final List<String[]> COMMANDS = List.of(
            new String[] {"status", "mode, plugins and intervals, last cycle, failures"},
            new String[] {"snapshot [--pretty]", "the latest snapshot as JSON (one line, or indented)"},
            new String[] {"decisions [-n N]", "the last N outcomes (default 20, at most 1000), oldest first, as JSON lines"},
            new String[] {"plugin NAME [help]", "the commands plugin NAME offers"},
            new String[] {"plugin NAME COMMAND [ARG...]", "run one of them (on the loop's thread, between cycles)"},
            new String[] {"pause", "stop applying decisions; the agent keeps observing and deciding (as in dry-run)"},
            new String[] {"resume", "apply decisions again"},
            new String[] {"cycle", "run one cycle of every plugin now, wait for it, print its outcomes"},
            new String[] {"help", "this list"});

    public static final String HELP = "commands:\n" + COMMANDS.stream()
            .map(c -> String.format("  %-28s  %s", c[0], c[1])).collect(Collectors.joining("\n"));

    private final AgentLoop loop;
    private final LoopHistory history;
    private final Executor executor;

    public ControlCommands(AgentLoop loop, LoopHistory history, Executor executor) {
        this.loop = loop;
        this.history = history;
        this.executor = executor;
    }

    /** Answers one request line. */
    public Reply handle(String line) {
        List<String> words;
        try {
            words = ControlProtocol.words(line);
        } catch (IllegalArgumentException e) {
            return Reply.error(e.getMessage());
        }
        if (words.isEmpty()) {
            return Reply.ok("");
        }
        List<String> args = words.subList(1, words.size());
        return switch (words.get(0)) {
            case "status" -> args.isEmpty() ? status() : usage("status");
            case "snapshot" -> snapshot(args);
            case "decisions" -> decisions(args);
            case "plugin" -> plugin(args);
            case "pause" -> args.isEmpty() ? pause(true) : usage("pause");
            case "resume" -> args.isEmpty() ? pause(false) : usage("resume");
            case "cycle" -> args.isEmpty() ? cycle() : usage("cycle");
            case "help" -> Reply.ok(HELP);
            default -> Reply.error("unknown command '" + words.get(0) + "'\n" + HELP);
        };
    }

    /** The usage of {@code command} (every form of it) as an error. */
    private static Reply usage(String command) {
        return Reply.error(COMMANDS.stream().filter(c -> c[0].equals(command) || c[0].startsWith(command + " "))
                .map(c -> "usage: " + c[0]).collect(Collectors.joining("\n")));
    }

    private Reply status() {
        StringBuilder sb = new StringBuilder();
        sb.append("mode: ").append(mode()).append('\n');
        Optional<LoopHistory.CycleRecord> last = history.lastCycle();
        sb.append("cycles: ").append(history.cycles()).append('\n');
        if (last.isEmpty()) {
            sb.append("last cycle: none yet\n");
        } else {
            LoopHistory.CycleRecord c = last.get();
            sb.append("last cycle: ").append(c.sequence()).append(" at ").append(c.time()).append(", took ")
                    .append(c.took().toMillis()).append(" ms, ").append(count(c.decisions(), "decision"));
            if (!c.byStatus().isEmpty()) {
                sb.append(" (").append(c.byStatus().entrySet().stream().sorted(Map.Entry.comparingByKey())
                        .map(e -> e.getValue() + " " + e.getKey().label()).collect(Collectors.joining(", "))).append(')');
            }
            sb.append(", ").append(count(c.readWarnings(), "read warning")).append('\n');
            history.latestSnapshot().ifPresent(snap -> snap.warnings().stream().limit(WARNINGS_SHOWN)
                    .forEach(w -> sb.append("  warning: ").append(w).append('\n')));
        }
        sb.append("plugins:");
        int width = loop.plugins().stream().mapToInt(p -> p.name().length()).max().orElse(0);
        for (PluginRun p : loop.plugins()) {
            LoopHistory.PluginRecord r = history.plugin(p.name());
            sb.append("\n  ").append(String.format("%-" + width + "s", p.name())).append("  every ")
                    .append(interval(p.interval())).append("  runs ").append(r.runs()).append("  failures ")
                    .append(r.failures());
            if (r.failures() > 0) {
                sb.append(" (last in cycle ").append(r.lastFailedCycle()).append(')');
            }
            if (r.runs() > 0) {
                sb.append("  last ran in cycle ").append(r.lastRunCycle()).append(" (").append(r.lastTook().toMillis())
                        .append(" ms)");
            }
            sb.append(p.plugin() instanceof PluginCommands ? "  has commands" : "");
        }
        if (loop.plugins().isEmpty()) {
            sb.append(" none");
        }
        return Reply.ok(sb.toString());
    }

    private String mode() {
        if (!executor.applies()) {
            return executor.paused() ? "dry-run, paused" : "dry-run";
        }
        return executor.paused() ? "paused: decisions are not applied ('resume' applies them again)" : "applying";
    }

    private Reply snapshot(List<String> args) {
        boolean pretty = args.equals(List.of("--pretty"));
        if (!args.isEmpty() && !pretty) {
            return usage("snapshot");
        }
        return history.latestSnapshot()
                .map(s -> Reply.ok(pretty ? RecordingWriter.toIndentedJson(s) : RecordingWriter.toLine(s)))
                .orElseGet(() -> Reply.error("no snapshot yet: the first cycle has not run"));
    }

    private Reply decisions(List<String> args) {
        int n = DEFAULT_DECISIONS;
        if (args.size() == 2 && args.get(0).equals("-n")) {
            try {
                n = Integer.parseInt(args.get(1));
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 1 || n > LoopHistory.OUTCOMES_KEPT) {
                return Reply.error("-n must be a number from 1 to " + LoopHistory.OUTCOMES_KEPT + "; got '"
                        + args.get(1) + "'\n" + usage("decisions").text().strip());
            }
        } else if (!args.isEmpty()) {
            return usage("decisions");
        }
        List<Outcome> recent = history.recentOutcomes(n);
        if (recent.isEmpty()) {
            return Reply.ok("no decisions yet");
        }
        return Reply.ok(recent.stream().map(RecordingWriter::toLine).collect(Collectors.joining("\n")));
    }

    private Reply plugin(List<String> args) {
        if (args.isEmpty()) {
            return usage("plugin");
        }
        String name = args.get(0);
        Optional<PluginRun> run = loop.plugins().stream().filter(p -> p.name().equals(name)).findFirst();
        if (run.isEmpty()) {
            return Reply.error("no plugin '" + name + "' runs here; running: "
                    + (loop.plugins().isEmpty() ? "none" : loop.plugins().stream().map(PluginRun::name)
                    .collect(Collectors.joining(", "))));
        }
        if (!(run.get().plugin() instanceof PluginCommands commands)) {
            return Reply.error("plugin " + name + " offers no commands");
        }
        List<String> rest = List.copyOf(args.subList(1, args.size()));
        return await(loop.between(() -> loop.pluginBusy(name)
                ? Reply.error("plugin " + name + " is still in a decide() call that overran its interval; try again later")
                : pluginCommand(name, commands, rest)), "plugin " + name);
    }

    /** Runs on the loop's thread. */
    private static Reply pluginCommand(String plugin, PluginCommands commands, List<String> args) {
        List<PluginCommands.Command> offered;
        try {
            offered = List.copyOf(commands.commands());
        } catch (RuntimeException e) {
            LOG.warn("plugin {} failed to list its commands", plugin, e);
            return Reply.error("plugin " + plugin + " failed to list its commands: " + e);
        }
        if (args.isEmpty() || args.equals(List.of("help"))) {
            return Reply.ok(pluginHelp(plugin, offered));
        }
        Optional<PluginCommands.Command> command = offered.stream().filter(c -> c.name().equals(args.get(0))).findFirst();
        if (command.isEmpty()) {
            return Reply.error("plugin " + plugin + " has no command '" + args.get(0) + "'\n" + pluginHelp(plugin, offered));
        }
        PluginCommands.Command c = command.get();
        try {
            String out = c.handler().run(List.copyOf(args.subList(1, args.size())));
            return Reply.ok(out == null ? "" : out);
        } catch (IllegalArgumentException e) {
            return Reply.error(e.getMessage() + "\nusage: plugin " + plugin + " " + c.usage());
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            LOG.warn("plugin {} command '{}' failed", plugin, c.name(), e);
            return Reply.error("plugin " + plugin + " command '" + c.name() + "' failed: " + e);
        }
    }

    private static String pluginHelp(String plugin, List<PluginCommands.Command> offered) {
        if (offered.isEmpty()) {
            return "plugin " + plugin + " offers no commands";
        }
        int width = offered.stream().mapToInt(c -> c.usage().length()).max().orElse(0);
        return "commands of plugin " + plugin + ":\n" + offered.stream()
                .map(c -> "  " + String.format("%-" + width + "s", c.usage()) + "  " + c.help())
                .collect(Collectors.joining("\n"));
    }

    private Reply pause(boolean pause) {
        boolean was = executor.paused();
        executor.pause(pause);
        if (was != pause) {
            LOG.warn("control prompt: {}", pause ? "paused, decisions are not applied until 'resume'" : "resumed");
        }
        if (pause) {
            return Reply.ok(was ? "already paused" : executor.applies()
                    ? "paused: decisions are not applied (outcomes say 'paused: not applied'); observing goes on"
                    : "paused (the agent is in dry-run anyway)");
        }
        return Reply.ok(!was ? "not paused" : executor.applies() ? "resumed: decisions are applied" : "resumed (dry-run)");
    }

    private Reply cycle() {
        return await(loop.between(() -> {
            Optional<AgentLoop.CycleResult> r = loop.cycle(loop.plugins());
            if (r.isEmpty()) {
                return Reply.error("no snapshot: the snapshot source is exhausted");
            }
            AgentLoop.CycleResult c = r.get();
            StringBuilder sb = new StringBuilder("cycle ").append(c.sequence()).append(": ")
                    .append(count(c.decisions(), "decision"));
            if (!c.failedPlugins().isEmpty()) {
                sb.append("; failed: ").append(String.join(", ", c.failedPlugins()));
            }
            c.outcomes().forEach(o -> sb.append('\n').append(RecordingWriter.toLine(o)));
            return c.failedPlugins().isEmpty() ? Reply.ok(sb.toString()) : Reply.error(sb.toString());
        }), "cycle");
    }

    private static Reply await(Future<Reply> reply, String what) {
        try {
            return reply.get();
        } catch (ExecutionException e) {
            return Reply.error(what + " failed: " + e.getCause());
        } catch (CancellationException e) {
            return Reply.error(what + ": the agent is stopping");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Reply.error(what + ": interrupted");
        }
    }

    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** An interval as the config writes it: {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}. */
    static String interval(Duration d) {
        long ms = d.toMillis();
        if (ms % 1000 != 0) {
            return ms + "ms";
        }
        long s = ms / 1000;
        return s % 3600 == 0 ? s / 3600 + "h" : s % 60 == 0 ? s / 60 + "m" : s + "s";
    }
}
