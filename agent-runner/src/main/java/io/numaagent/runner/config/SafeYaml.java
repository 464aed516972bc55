package io.numaagent.runner.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Turns a config file into SnakeYAML's node graph under explicit limits, so that no file, however
 * hostile, costs more than a bounded amount of memory and time or escapes as anything but a
 * {@link ConfigError} with a line and column. Nothing is ever constructed from the graph's tags:
 * the node graph is all the loader reads ({@link YamlNode}), and global tags ({@code !!java...})
 * are refused while composing.
 */
final class SafeYaml {

    /** Largest config file read, in bytes; larger files are refused before parsing. */
    static final int MAX_BYTES = 1 << 20;
    /** Largest config text, in code points (SnakeYAML's {@code codePointLimit}). */
    static final int MAX_CODE_POINTS = 1 << 20;
    /** Deepest nesting of lists and mappings (SnakeYAML's {@code nestingDepthLimit}); configs need about 6. */
    static final int MAX_NESTING = 32;
    /** Most aliases to lists or mappings (SnakeYAML's {@code maxAliasesForCollections}): the "billion laughs" guard. */
    static final int MAX_COLLECTION_ALIASES = 10;

    private SafeYaml() {
    }

    /** The file's text, strictly UTF-8; too large or undecodable is an error at the offending place. */
    static String read(Path file) throws ConfigError {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw new ConfigError(file.toString(), 0, 0, "", "cannot read: " + e.getMessage());
        }
        if (bytes.length > MAX_BYTES) {
            // placed where the limit is crossed, like every other config error
            String before = new String(bytes, 0, MAX_BYTES, StandardCharsets.UTF_8);
            throw new ConfigError(file.toString(), lineOf(before), columnOf(before), "",
                    "larger than " + MAX_BYTES + " bytes; not a config");
        }
        return decode(file.toString(), bytes);
    }

    /** Strict UTF-8: the first malformed byte is reported at its line and column. */
    static String decode(String name, byte[] bytes) throws ConfigError {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult r = decoder.decode(in, out, true);
        if (r.isError()) {
            String before = out.flip().toString();
            throw new ConfigError(name, lineOf(before), columnOf(before), "", String.format(
                    "not UTF-8: byte 0x%02x at offset %d", bytes[in.position()] & 0xff, in.position()));
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    /** The single document's root node, null for an empty document. */
    static Node compose(String name, String text) throws ConfigError {
        checkSize(name, text);
        LoaderOptions options = options();
        MarkTrackingParser parser = new MarkTrackingParser(new ParserImpl(new StreamReader(new StringReader(text)), options));
        try {
            return new Composer(parser, new Resolver(), options).getSingleNode();
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            throw new ConfigError(name, m == null ? 0 : m.getLine() + 1, m == null ? 0 : m.getColumn() + 1, "",
                    "YAML syntax error: " + e.getProblem());
        } catch (YAMLException e) {
            // the limits are reported without a position; the event the parser was at is where it was crossed
            Mark m = parser.lastMark;
            throw new ConfigError(name, m == null ? 1 : m.getLine() + 1, m == null ? 1 : m.getColumn() + 1, "",
                    limitMessage(e.getMessage()));
        }
    }

    /** The options, every limit set explicitly rather than trusted to the library's defaults. */
    static LoaderOptions options() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true); // reported by YamlNode, with the key's position
        options.setMaxAliasesForCollections(MAX_COLLECTION_ALIASES);
        options.setAllowRecursiveKeys(false);
        options.setNestingDepthLimit(MAX_NESTING);
        options.setCodePointLimit(MAX_CODE_POINTS);
        options.setTagInspector(tag -> false); // no global tags (!!java.util..., tag:...): nothing is constructed
        options.setProcessComments(false);
        return options;
    }

    private static void checkSize(String name, String text) throws ConfigError {
        if (text.length() <= MAX_CODE_POINTS || text.codePointCount(0, text.length()) <= MAX_CODE_POINTS) {
            return;
        }
        int at = text.offsetByCodePoints(0, MAX_CODE_POINTS);
        String before = text.substring(0, at);
        throw new ConfigError(name, lineOf(before), columnOf(before), "",
                "longer than " + MAX_CODE_POINTS + " characters; not a config");
    }

    /** 1-based line of the position just after {@code before}. */
    private static int lineOf(String before) {
        return 1 + (int) before.chars().filter(c -> c == '\n').count();
    }

    /** 1-based column of the position just after {@code before}. */
    private static int columnOf(String before) {
        return before.length() - before.lastIndexOf('\n');
    }

    private static String limitMessage(String snakeYaml) {
        String m = snakeYaml == null ? "" : snakeYaml;
        if (m.startsWith("Nesting Depth exceeded")) {
            return "nested deeper than " + MAX_NESTING + " levels of lists and mappings";
        }
        if (m.startsWith("Number of aliases for non-scalar nodes")) {
            return "more than " + MAX_COLLECTION_ALIASES + " aliases (*name) to lists or mappings; refused so that a "
                    + "small file cannot expand into a huge one";
        }
        if (m.contains("exceeds the limit")) {
            return "longer than " + MAX_CODE_POINTS + " characters; not a config";
        }
        return "YAML error: " + m;
    }

    /** A parser that remembers where its latest event started, to place errors SnakeYAML leaves unplaced. */
    private static final class MarkTrackingParser implements Parser {
        private final Parser inner;
        private Mark lastMark;

        MarkTrackingParser(Parser inner) {
            this.inner = inner;
        }

        @Override
        public boolean checkEvent(Event.ID choice) {
            return inner.checkEvent(choice);
        }

        @Override
        public Event peekEvent() {
            return remember(inner.peekEvent());
        }

        @Override
        public Event getEvent() {
            return remember(inner.getEvent());
        }

        private Event remember(Event e) {
            if (e != null && e.getStartMark() != null) {
                lastMark = e.getStartMark();
            }
            return e;
        }
    }
}
