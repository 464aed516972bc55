package io.numaagent.api.plugin;

import java.util.List;
import java.util.Objects;

/**
 * Optional: commands a plugin answers at the operator's control prompt, as
 * {@code numa-agent prompt -c "plugin NAME COMMAND ARGS..."}. A {@link Plugin} that also implements
 * this interface offers {@link #commands()}; the runner lists them under {@code plugin NAME help}.
 *
 * <p>Threading: the runner calls a command's handler on the agent's loop thread, between two cycles,
 * never beside {@link Plugin#decide}; a handler may therefore read the plugin's state without locks.
 * It should answer quickly (the next cycle waits) and must not change what the plugin decides
 * unless that is the command's purpose.
 *
 * <p>Errors: a handler throws {@link IllegalArgumentException} for bad arguments (the operator gets its
 * message and the command's usage); anything else it throws is reported as the command's failure.
 * Neither costs the plugin or the agent anything more.
 *
 * <pre>{@code
 * final class MyPlugin implements Plugin, PluginCommands {
 *     public List<Command> commands() {
 *         return List.of(new Command("nodes", "", "each node's free memory as last seen", args -> nodesTable()));
 *     }
 *     ...
 * }
 * }</pre>
 */
public interface PluginCommands {

    /**
     * Rows as a text table: columns left-aligned, two blanks apart, trailing blanks trimmed; the first
     * row is usually the header. For plugins' command answers, so that they all look alike.
     */
    static String table(List<String[]> rows) {
        int[] width = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                line.append(i == 0 ? "" : "  ").append(String.format("%-" + width[i] + "s", r[i]));
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    /** The plugin's commands, in the order {@code help} lists them. Asked once per prompt request. */
    List<Command> commands();

    /**
     * One command.
     *
     * @param name      what the operator types after the plugin's name: lower case, digits and dashes
     * @param arguments usage of its arguments, e.g. {@code "[-n N] [TASK]"}; empty for none
     * @param help      one line saying what it answers
     * @param handler   computes the answer from the arguments
     */
    record Command(String name, String arguments, String help, Handler handler) {

        public Command {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(arguments, "arguments");
            Objects.requireNonNull(help, "help");
            Objects.requireNonNull(handler, "handler");
            if (!name.matches("[a-z0-9][a-z0-9-]*")) {
                throw new IllegalArgumentException("command name '" + name + "' is not lower-case letters, digits "
                        + "and dashes");
            }
        }

        /** {@code name arguments}, as the help shows it. */
        public String usage() {
            return arguments.isEmpty() ? name : name + " " + arguments;
        }
    }

    /** Answers one command. */
    @FunctionalInterface
    interface Handler {
        /**
         * @param args the words after the command's name
         * @return the answer, as text (lines separated by {@code \n}); empty for none
         * @throws IllegalArgumentException for bad arguments; its message is shown with the usage
         */
        String run(List<String> args);
    }
}
