package io.numaagent.plugins.topologyaware;

import io.numaagent.api.plugin.ConfigException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/** Config lists of named entries (scheduling classes, CPU classes): read in order, a repeated name refused. */
public final class NamedEntries {

    private NamedEntries() {
    }

    /**
     * Reads {@code value} as a list of entries, each by {@code reader} at {@code key[i]}; not a list, or a name
     * given twice, is an error at its key ({@code example} shows the shape, {@code kind} names an entry).
     */
    public static <T> List<T> read(String key, Object value, String example, String kind,
                                   BiFunction<String, Object, T> reader, Function<T, String> nameOf) {
        if (!(value instanceof List<?> list)) {
            throw new ConfigException(key, "'" + key + "' must be a list of classes such as " + example + "; got "
                    + describe(value));
        }
        Set<String> names = new HashSet<>();
        List<T> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String at = key + "[" + i + "]";
            T entry = reader.apply(at, list.get(i));
            if (!names.add(nameOf.apply(entry))) {
                throw new ConfigException(at + ".name", "'" + at + ".name': " + kind + " \"" + nameOf.apply(entry)
                        + "\" is defined twice");
            }
            out.add(entry);
        }
        return out;
    }

    /** A config value as an error message shows it: a string quoted, else its shape. */
    public static String describe(Object v) {
        return v instanceof String s ? "\"" + s + "\"" : v instanceof List<?> ? "a list"
                : v instanceof Map<?, ?> ? "a mapping" : String.valueOf(v);
    }
}
