package io.numaagent.runner.config;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The keys of one mapping of the config file, in documentation order: the loader checks a
 * mapping's keys against it ("unknown key ...; expected one of: ..." lists them in this order),
 * and {@link KeyDocs} documents it.
 *
 * @param variant for one kind of a list's items, what selects it (e.g. {@code type=static}); else null
 * @param entries the keys
 */
record KeyTable(String variant, List<Entry> entries) {

    /** Shown as the default of a key that must be given. */
    static final String REQUIRED = "required";
    /** Shown as the default of a key whose absence means "nothing". */
    static final String NONE = "none";

    KeyTable {
        entries = List.copyOf(entries);
    }

    static KeyTable of(Entry... entries) {
        return new KeyTable(null, List.of(entries));
    }

    /** The keys of the list items selected by {@code variant}, e.g. {@code type=static}. */
    static KeyTable variant(String variant, Entry... entries) {
        return new KeyTable(variant, List.of(entries));
    }

    /** The key names, in order. */
    Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        entries.forEach(e -> names.add(e.name()));
        return names;
    }

    /** {@code node} as a mapping holding only this table's keys. */
    YamlNode.Mapping mapping(YamlNode node) throws ConfigError {
        return node.mapping(names());
    }

    /** One key: a value ({@link Setting}) or a mapping or list of mappings ({@link Nested}). */
    sealed interface Entry permits Setting, Nested {
        String name();

        /** What the value is, for people: {@code boolean}, {@code integer [1, 65536]}, {@code list}, ... */
        String type();

        /**
         * The default as a user would write it, or {@link #REQUIRED}, {@link #NONE} or a phrase; empty for a
         * mapping of keys, whose defaults are its keys'.
         */
        String shownDefault();

        /** Whether {@link #shownDefault()} is a value as written in YAML (rather than a phrase). */
        boolean literalDefault();

        String description();

        /** The tables of the mapping(s) beneath, if this key holds mappings. */
        List<KeyTable> children();

        /** Whether the value is a list (of the {@link #children()} mappings). */
        boolean isList();
    }

    /**
     * A key whose value is a mapping or a list, read by the loader itself; documented here.
     *
     * @param name         the key
     * @param type         what the value is, for people
     * @param required     whether it must be given
     * @param description  what it is for
     * @param isList       whether it is a list of the children's mappings
     * @param children     the table of the mapping beneath, or one table per kind of list item; empty when the
     *                     mapping's keys are free (labels) or someone else's (a plugin's {@code config:})
     */
    record Nested(String name, String type, boolean required, String description, boolean isList,
                  List<KeyTable> children) implements Entry {

        Nested {
            children = List.copyOf(children);
        }

        /** A mapping with the keys of {@code table}. */
        static Nested mapping(String name, String description, KeyTable table) {
            return new Nested(name, "mapping", false, description, false, List.of(table));
        }

        /** A mapping whose keys are not the runner's to list. */
        static Nested freeMapping(String name, String type, String description) {
            return new Nested(name, type, false, description, false, List.of());
        }

        /** A list of mappings, each with the keys of one of {@code tables}. */
        static Nested list(String name, boolean required, String description, KeyTable... tables) {
            return new Nested(name, "list", required, description, true, List.of(tables));
        }

        @Override
        public String shownDefault() {
            return required ? REQUIRED : !isList && !children.isEmpty() ? "" : NONE;
        }

        @Override
        public boolean literalDefault() {
            return false;
        }
    }
}
