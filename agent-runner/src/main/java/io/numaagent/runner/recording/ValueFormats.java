package io.numaagent.runner.recording;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.numaagent.api.CpuSet;
import io.numaagent.api.NodeSet;
import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.MigrateMemory.MigrationMode;
import io.numaagent.api.decision.Outcome;
import io.numaagent.api.snapshot.QosClass;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * How single values are written and read where Jackson's defaults differ from the format: CPU and
 * node sets as kernel lists ({@code "0-3,8"}), times as ISO-8601, enums lower-case with dashes, and
 * numbers, booleans and strings read strictly (no coercion of {@code "1"} to 1 or 1.5 to 1), each
 * mistake worded as the error message says it.
 */
final class ValueFormats {

    private ValueFormats() {
    }

    /** Reads the current token, or returns null when it is of the wrong kind. */
    @FunctionalInterface
    interface TokenReader<T> {
        T read(JsonParser p) throws IOException;
    }

    private static final TokenReader<Integer> INT = p -> p.hasToken(JsonToken.VALUE_NUMBER_INT)
            && p.getNumberType() == JsonParser.NumberType.INT ? p.getIntValue() : null;
    private static final TokenReader<Long> LONG = p -> p.hasToken(JsonToken.VALUE_NUMBER_INT)
            && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER ? p.getLongValue() : null;
    private static final TokenReader<Boolean> BOOLEAN = p -> p.hasToken(JsonToken.VALUE_TRUE)
            || p.hasToken(JsonToken.VALUE_FALSE) ? p.getBooleanValue() : null;
    private static final TokenReader<String> STRING = p -> p.hasToken(JsonToken.VALUE_STRING) ? p.getText() : null;

    /** The serializers and deserializers by type; those for single components sit on the mixins. */
    static SimpleModule module() {
        SimpleModule m = new SimpleModule("numa-agent-recording");
        JsonDeserializer<Integer> integer = strict("expected an integer", INT);
        JsonDeserializer<Long> lng = strict("expected an integer", LONG);
        JsonDeserializer<Boolean> bool = strict("expected true or false", BOOLEAN);
        m.addDeserializer(int.class, integer).addDeserializer(Integer.class, integer);
        m.addDeserializer(long.class, lng).addDeserializer(Long.class, lng);
        m.addDeserializer(boolean.class, bool).addDeserializer(Boolean.class, bool);
        m.addDeserializer(String.class, strict("expected a string", STRING));

        m.addSerializer(CpuSet.class, text(CpuSet::toString)).addDeserializer(CpuSet.class, parsed(CpuSet::parse));
        m.addSerializer(NodeSet.class, text(NodeSet::toString)).addDeserializer(NodeSet.class, parsed(NodeSet::parse));
        m.addSerializer(Instant.class, text(Instant::toString))
                .addDeserializer(Instant.class, parsed(ValueFormats::instant));
        m.addSerializer(QosClass.class, text(ValueFormats::label))
                .addDeserializer(QosClass.class, parsed(t -> labelled(QosClass.class, t)));
        m.addSerializer(Outcome.Status.class, text(ValueFormats::label))
                .addDeserializer(Outcome.Status.class, parsed(t -> labelled(Outcome.Status.class, t)));
        // the default mode is said by leaving the field out (see Mixins.MigrateMemoryMixin)
        m.addSerializer(MigrationMode.class,
                        text(mode -> mode.name().toLowerCase(Locale.ROOT), mode -> mode == MigrationMode.DEFAULT))
                .addDeserializer(MigrationMode.class, parsed(ValueFormats::migrationMode));
        m.addDeserializer(Decision.class, new DecisionReader());
        m.addKeyDeserializer(Integer.class, new NodeIdKey());
        m.setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription bean,
                                                          JsonDeserializer<?> deserializer) {
                return bean.getBeanClass().isRecord() ? new NoNullRecords(deserializer) : deserializer;
            }
        });
        return m;
    }

    /** A reader of the tokens {@code read} accepts; for others and for null elements it says {@code expected}. */
    static <T> JsonDeserializer<T> strict(String expected, TokenReader<T> read) {
        return new JsonDeserializer<>() {
            @Override
            public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                T value = read.read(p);
                if (value == null) {
                    throw new FieldProblem(p, expected);
                }
                return value;
            }

            // a null field is "missing" (the mapper's null setting); this is a null in an array or map
            @Override
            public T getNullValue(DeserializationContext ctxt) throws JsonMappingException {
                throw new FieldProblem(ctxt.getParser(), expected);
            }
        };
    }

    /** A value written as a string: a string parsed by {@code parse}, whose exception message is the problem. */
    static <T> JsonDeserializer<T> parsed(Function<String, T> parse) {
        JsonDeserializer<String> string = strict("expected a string", STRING);
        return new JsonDeserializer<>() {
            @Override
            public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                String text = string.deserialize(p, ctxt);
                try {
                    return parse.apply(text);
                } catch (IllegalArgumentException e) {
                    throw new FieldProblem(p, e.getMessage());
                }
            }

            @Override
            public T getNullValue(DeserializationContext ctxt) throws JsonMappingException {
                throw new FieldProblem(ctxt.getParser(), "expected a string");
            }
        };
    }

    static <T> JsonSerializer<T> text(Function<T, String> format) {
        return text(format, value -> false);
    }

    /** A value written as the string {@code format} gives; {@code leftOut} values count as empty (for NON_EMPTY). */
    static <T> JsonSerializer<T> text(Function<T, String> format, Predicate<T> leftOut) {
        return new JsonSerializer<>() {
            @Override
            public void serialize(T value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeString(format.apply(value));
            }

            @Override
            public boolean isEmpty(SerializerProvider provider, T value) {
                return leftOut.test(value) || format.apply(value).isEmpty();
            }
        };
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not an ISO-8601 instant");
        }
    }

    /** {@code BEST_EFFORT} to {@code best-effort}. */
    static String label(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** {@link #label} read back; the upper-case and underscore forms are accepted too. */
    static <E extends Enum<E>> E labelled(Class<E> type, String text) {
        try {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown value \"" + text + "\"");
        }
    }

    private static MigrationMode migrationMode(String text) {
        return switch (text) {
            case "move_pages" -> MigrationMode.MOVE_PAGES;
            case "migrate_pages" -> MigrationMode.MIGRATE_PAGES;
            default -> throw new IllegalArgumentException("expected move_pages or migrate_pages, got \"" + text + "\"");
        };
    }

    /** A record in an array (a task, a CPU) must be an object; a null field is "missing" (the mapper's setting). */
    private static final class NoNullRecords extends DelegatingDeserializer {
        private static final long serialVersionUID = 1L;

        NoNullRecords(JsonDeserializer<?> records) {
            super(records);
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> records) {
            return new NoNullRecords(records);
        }

        @Override
        public Object getNullValue(DeserializationContext ctxt) throws JsonMappingException {
            throw new FieldProblem(ctxt.getParser(), "expected an object");
        }
    }

    /** Node ids as map keys ({@code memoryBytesPerNode}); the only integer-keyed map of the format. */
    private static final class NodeIdKey extends KeyDeserializer {
        @Override
        public Object deserializeKey(String key, DeserializationContext ctxt) throws IOException {
            try {
                return Integer.parseInt(key);
            } catch (NumberFormatException e) {
                throw new FieldProblem(ctxt.getParser(), "\"" + key + "\" is not a node id");
            }
        }
    }

    /** A page range's start address, {@code "0x7f00..."} (see Mixins.PageRangeMixin). */
    static final class HexAddressWriter extends JsonSerializer<Long> {
        @Override
        public void serialize(Long value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString("0x" + Long.toHexString(value));
        }
    }

    /** Reads {@link HexAddressWriter}'s form. */
    static final class HexAddressReader extends JsonDeserializer<Long> {
        private final JsonDeserializer<Long> hex = parsed(HexAddressReader::address);

        @Override
        public Long deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return hex.deserialize(p, ctxt);
        }

        private static Long address(String text) {
            if (!text.startsWith("0x")) {
                throw new IllegalArgumentException("expected a hex address \"0x...\"");
            }
            try {
                return Long.parseUnsignedLong(text.substring(2), 16);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a hex address \"" + text + "\"");
            }
        }
    }

    /** A task's pids: integers, named as pids in errors (see Mixins.TaskMixin). */
    static final class PidReader extends JsonDeserializer<Integer> {
        private final JsonDeserializer<Integer> pid = strict("expected a pid", INT);

        @Override
        public Integer deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return pid.deserialize(p, ctxt);
        }

        @Override
        public Integer getNullValue(DeserializationContext ctxt) throws JsonMappingException {
            return pid.getNullValue(ctxt);
        }
    }

    /** A string that may be null ({@code errno}); see Mixins.OutcomeMixin. */
    static final class NullableTextReader extends JsonDeserializer<String> {
        private final JsonDeserializer<String> string = strict("expected a string", STRING);

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return string.deserialize(p, ctxt);
        }
    }
}
