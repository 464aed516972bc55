package io.numaagent.runner.config;

import java.nio.file.Path;

/**
 * The {@code control:} block: the control prompt's Unix socket.
 *
 * @param enabled whether a long-running agent listens for {@code numa-agent prompt}
 * @param socket  where; null for {@code control.sock} in the state directory
 */
public record ControlSettings(boolean enabled, Path socket) {

    /** The socket's name in the state directory when {@code control.socket} is not given. */
    public static final String DEFAULT_SOCKET_NAME = "control.sock";

    /** Listening, in the state directory, as {@link RunnerKeys} declares it. */
    public static final ControlSettings DEFAULTS = new ControlSettings(RunnerKeys.CONTROL_ENABLED.defaultValue(), null);

    /** The socket's path, given the agent's state directory. */
    public Path socket(Path stateDirectory) {
        return socket != null ? socket : stateDirectory.resolve(DEFAULT_SOCKET_NAME);
    }
}
