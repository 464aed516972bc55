package io.numaagent.api.plugin;

/** A config value is not acceptable. The runner adds the file, line and column of the key. */
public class ConfigException extends RuntimeException {

    private final String key;

    /**
     * @param key     the offending key (as in YAML), or {@code null} for the whole block
     * @param message what is wrong and what would be accepted
     */
    public ConfigException(String key, String message) {
        super(message);
        this.key = key;
    }

    /** The offending key, or {@code null}. */
    public String key() {
        return key;
    }
}
