package io.numaagent.runner.config;

/**
 * A config file is not acceptable. The message names the file, line, column and key, like a
 * compiler: {@code agent.yaml:12:5: executor.bandwidth: must be a size like 512Mi; got "fast"}.
 * The CLI exits with status 2 on it.
 */
public final class ConfigError extends Exception {

    private final String file;
    private final int line;
    private final int column;
    private final String key;
    private final String problem;

    /**
     * @param file    the config file as given by the user
     * @param line    1-based line, 0 when unknown
     * @param column  1-based column, 0 when unknown
     * @param key     dotted key path, e.g. {@code plugins[0].config.algorithm}, or "" for the document
     * @param problem what is wrong
     */
    public ConfigError(String file, int line, int column, String key, String problem) {
        super(format(file, line, column, key, problem));
        this.file = file;
        this.line = line;
        this.column = column;
        this.key = key;
        this.problem = problem;
    }

    private static String format(String file, int line, int column, String key, String problem) {
        StringBuilder sb = new StringBuilder(file);
        if (line > 0) {
            sb.append(':').append(line);
            if (column > 0) {
                sb.append(':').append(column);
            }
        }
        sb.append(": ");
        if (key != null && !key.isEmpty()) {
            sb.append(key).append(": ");
        }
        return sb.append(problem).toString();
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    public String key() {
        return key;
    }

    public String problem() {
        return problem;
    }
}
