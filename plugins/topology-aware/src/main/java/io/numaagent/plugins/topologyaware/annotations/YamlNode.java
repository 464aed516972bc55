package io.numaagent.plugins.topologyaware.annotations;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A node of an annotation value read by {@link MiniYaml}, with where it starts in the value. */
sealed interface YamlNode permits YamlNode.Scalar, YamlNode.Sequence, YamlNode.Mapping {

    /** Where the node starts in the annotation value. */
    Position position();

    /** What the node is, for error messages ("a mapping", "a list", "a value"). */
    String kind();

    /** 1-based line and column in the annotation value. */
    record Position(int line, int column) {
        @Override
        public String toString() {
            return "line " + line + ", column " + column;
        }
    }

    /** A scalar as written; {@code plain} is false for quoted scalars. */
    record Scalar(String text, boolean plain, Position position) implements YamlNode {
        /** An absent value: empty, {@code ~} or {@code null}, unquoted. */
        boolean isNull() {
            return plain && (text.isEmpty() || text.equals("~") || text.equals("null") || text.equals("Null")
                    || text.equals("NULL"));
        }

        @Override
        public String kind() {
            return "a value";
        }
    }

    /** A block or flow sequence. */
    record Sequence(List<YamlNode> items, Position position) implements YamlNode {
        public Sequence {
            items = List.copyOf(items);
        }

        @Override
        public String kind() {
            return "a list";
        }
    }

    /** A block or flow mapping; keys in the order written, each with where it starts. */
    record Mapping(Map<String, Entry> entries, Position position) implements YamlNode {
        public Mapping {
            entries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        @Override
        public String kind() {
            return "a mapping";
        }
    }

    /** One mapping entry. */
    record Entry(String key, Position keyPosition, YamlNode value) {
    }
}
