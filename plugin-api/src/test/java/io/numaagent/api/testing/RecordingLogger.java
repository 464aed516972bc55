package io.numaagent.api.testing;

import io.numaagent.api.plugin.PluginLogger;
import java.util.ArrayList;
import java.util.List;

/** A {@link PluginLogger} that keeps every line, with {@code {}} placeholders filled in as SLF4J does. */
public final class RecordingLogger implements PluginLogger {

    /** One logged line: its level ({@code debug}, {@code info}, {@code warn}, {@code error}) and message. */
    public record Line(String level, String message) {
    }

    private final List<Line> lines = new ArrayList<>();

    /** Every line in the order logged. */
    public List<Line> lines() {
        return List.copyOf(lines);
    }

    /** The messages logged at one level, in order. */
    public List<String> at(String level) {
        return lines.stream().filter(l -> l.level().equals(level)).map(Line::message).toList();
    }

    /** The format string with each {@code {}} replaced by the next argument; surplus placeholders stay. */
    static String format(String format, Object... args) {
        StringBuilder sb = new StringBuilder();
        int arg = 0;
        int i = 0;
        while (i < format.length()) {
            if (format.startsWith("{}", i) && arg < args.length) {
                sb.append(args[arg++]);
                i += 2;
            } else {
                sb.append(format.charAt(i++));
            }
        }
        return sb.toString();
    }

    private void add(String level, String format, Object... args) {
        lines.add(new Line(level, format(format, args)));
    }

    @Override
    public void debug(String format, Object... args) {
        add("debug", format, args);
    }

    @Override
    public void info(String format, Object... args) {
        add("info", format, args);
    }

    @Override
    public void warn(String format, Object... args) {
        add("warn", format, args);
    }

    @Override
    public void error(String format, Object... args) {
        add("error", format, args);
    }
}
