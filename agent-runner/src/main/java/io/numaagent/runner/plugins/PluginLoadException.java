package io.numaagent.runner.plugins;

/** The plugins directory holds something unusable: a JAR with no plugin, a broken JAR, or a duplicate name. */
public final class PluginLoadException extends Exception {
    public PluginLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
