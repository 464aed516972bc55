package io.numaagent.plugins.topologyaware.annotations;

import io.numaagent.plugins.topologyaware.annotations.YamlNode.Entry;
import io.numaagent.plugins.topologyaware.annotations.YamlNode.Mapping;
import io.numaagent.plugins.topologyaware.annotations.YamlNode.Position;
import io.numaagent.plugins.topologyaware.annotations.YamlNode.Scalar;
import io.numaagent.plugins.topologyaware.annotations.YamlNode.Sequence;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the YAML subset that structured annotation values use (affinity, cold-start, irq-affinity,
 * topology-hint path lists): block mappings and sequences, flow {@code [..]} and {@code {..}} (so JSON
 * too), plain and quoted scalars, comments. Anchors, tags, block scalars and multi-line plain scalars
 * are refused with their position. Why not snakeyaml: a plugin's class loader sees only the JDK and the
 * plugin API, and this subset gives line:column for every node, which the error messages need.
 * Nesting is limited to {@value #MAX_DEPTH} levels so that hostile values cannot exhaust the stack.
 *
 * <p>Why this size: one recursive-descent reader for the block and flow grammars with positions;
 * split up, the shared cursor and line bookkeeping would have to be passed around.
 */
final class MiniYaml {

    static final int MAX_DEPTH = 32;

    private final String text;
    private final int[] lineStarts;
    private int pos;
    private int depth;

    private MiniYaml(String text) {
        this.text = text.replace("\r\n", "\n").replace('\r', '\n');
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < this.text.length(); i++) {
            if (this.text.charAt(i) == '\n') {
                starts.add(i + 1);
            }
        }
        this.lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Parses one annotation value. An empty value (or only comments) gives a null {@link Scalar}.
     *
     * @throws ValueException naming the line and column of the first problem
     */
    static YamlNode parse(String value) {
        MiniYaml p = new MiniYaml(value);
        if (!p.nextContentLine()) {
            return new Scalar("", true, new Position(1, 1));
        }
        YamlNode node = p.block(p.column(p.pos));
        if (p.nextContentLine()) {
            throw p.error("unexpected text after the value");
        }
        return node;
    }

    // ---- block context

    private YamlNode block(int indent) {
        enter();
        try {
            if (isDashEntry(pos)) {
                return sequence(indent);
            }
            if (lineHasKey(pos)) {
                return mapping(indent);
            }
            YamlNode n = inline();
            expectLineEnd();
            return n;
        } finally {
            depth--;
        }
    }

    private YamlNode sequence(int indent) {
        Position start = position(pos);
        List<YamlNode> items = new ArrayList<>();
        while (true) {
            Position dash = position(pos);
            pos++;
            skipSpaces();
            YamlNode item;
            if (atLineEnd()) {
                item = nested(indent, false, dash);
            } else if (isDashEntry(pos)) {
                item = nestedBlock();
            } else if (lineHasKey(pos)) {
                item = nestedBlock();
            } else {
                item = inline();
                expectLineEnd();
            }
            items.add(item);
            if (!nextContentLine() || column(pos) < indent) {
                break;
            }
            if (column(pos) > indent) {
                throw error("unexpected indentation");
            }
            if (!isDashEntry(pos)) {
                break;
            }
        }
        return new Sequence(items, start);
    }

    private YamlNode mapping(int indent) {
        Position start = position(pos);
        Map<String, Entry> entries = new LinkedHashMap<>();
        while (true) {
            Position keyAt = position(pos);
            String key = blockKey();
            if (entries.containsKey(key)) {
                throw new ValueException("duplicate key '" + key + "'", keyAt);
            }
            skipSpaces();
            Position valueAt = position(pos);
            YamlNode value;
            if (atLineEnd()) {
                value = nested(indent, true, valueAt);
            } else {
                value = inline();
                expectLineEnd();
            }
            entries.put(key, new Entry(key, keyAt, value));
            if (!nextContentLine() || column(pos) < indent) {
                break;
            }
            if (column(pos) > indent) {
                throw error("unexpected indentation");
            }
            if (!lineHasKey(pos)) {
                throw error("expected 'key: value'");
            }
        }
        return new Mapping(entries, start);
    }

    /** The value on the lines below a key or dash; null when nothing is indented under it. */
    private YamlNode nested(int parentIndent, boolean sameIndentSequence, Position nullAt) {
        if (!nextContentLine()) {
            return new Scalar("", true, nullAt);
        }
        int c = column(pos);
        if (c > parentIndent || (sameIndentSequence && c == parentIndent && isDashEntry(pos))) {
            return block(c);
        }
        return new Scalar("", true, nullAt);
    }

    /** A sequence or mapping that starts on the line of a dash ("- key: v" or "- - x"). */
    private YamlNode nestedBlock() {
        return block(column(pos));
    }

    private String blockKey() {
        char c = text.charAt(pos);
        String key;
        if (c == '"' || c == '\'') {
            key = ((Scalar) quoted()).text();
            skipSpaces();
            if (pos >= text.length() || text.charAt(pos) != ':') {
                throw error("expected ':' after the key");
            }
        } else {
            int begin = pos;
            while (!(text.charAt(pos) == ':' && isBlankOrEnd(pos + 1))) {
                pos++;
            }
            key = text.substring(begin, pos).strip();
            if (key.isEmpty()) {
                throw new ValueException("empty key", position(begin));
            }
        }
        pos++; // ':'
        return key;
    }

    private YamlNode inline() {
        char c = text.charAt(pos);
        switch (c) {
            case '[', '{' -> {
                YamlNode n = flow();
                return n;
            }
            case '"', '\'' -> {
                return quoted();
            }
            case '&', '*', '!', '|', '>', '%', '@', '`' -> throw error("'" + c + "' (anchors, aliases, tags, block "
                    + "scalars) is not supported in annotation values");
            default -> {
                if (isDashEntry(pos)) {
                    throw error("a list item is not allowed here");
                }
                int begin = pos;
                int end = lineEnd(pos);
                for (int i = pos; i < end; i++) {
                    char ch = text.charAt(i);
                    if (ch == '#' && i > begin && Character.isWhitespace(text.charAt(i - 1))) {
                        end = i;
                        break;
                    }
                    if (ch == ':' && isBlankOrEnd(i + 1)) {
                        throw new ValueException("a mapping is not allowed here (put it on its own line)",
                                position(i));
                    }
                }
                pos = end;
                return new Scalar(text.substring(begin, end).strip(), true, position(begin));
            }
        }
    }

    // ---- flow context

    private YamlNode flow() {
        enter();
        try {
            Position start = position(pos);
            char open = text.charAt(pos++);
            char close = open == '[' ? ']' : '}';
            List<YamlNode> items = new ArrayList<>();
            Map<String, Entry> entries = new LinkedHashMap<>();
            while (true) {
                skipFlowSpace();
                if (pos >= text.length()) {
                    throw new ValueException("missing '" + close + "' for the '" + open + "'", start);
                }
                if (text.charAt(pos) == close) {
                    pos++;
                    break;
                }
                if (open == '[') {
                    items.add(flowNode());
                } else {
                    Position keyAt = position(pos);
                    YamlNode k = flowNode();
                    if (!(k instanceof Scalar ks)) {
                        throw new ValueException("a key must be a plain value", keyAt);
                    }
                    if (entries.containsKey(ks.text())) {
                        throw new ValueException("duplicate key '" + ks.text() + "'", keyAt);
                    }
                    skipFlowSpace();
                    if (pos >= text.length() || text.charAt(pos) != ':') {
                        throw error("expected ':' after the key");
                    }
                    pos++;
                    skipFlowSpace();
                    Position valueAt = position(pos);
                    YamlNode v = pos < text.length() && (text.charAt(pos) == ',' || text.charAt(pos) == '}')
                            ? new Scalar("", true, valueAt) : flowNode();
                    entries.put(ks.text(), new Entry(ks.text(), keyAt, v));
                }
                skipFlowSpace();
                if (pos >= text.length()) {
                    throw new ValueException("missing '" + close + "' for the '" + open + "'", start);
                }
                if (text.charAt(pos) == ',') {
                    pos++;
                } else if (text.charAt(pos) != close) {
                    throw error("expected ',' or '" + close + "'");
                }
            }
            return open == '[' ? new Sequence(items, start) : new Mapping(entries, start);
        } finally {
            depth--;
        }
    }

    private YamlNode flowNode() {
        skipFlowSpace();
        if (pos >= text.length()) {
            throw error("expected a value");
        }
        char c = text.charAt(pos);
        if (c == '[' || c == '{' || c == '"' || c == '\'' || "&*!|>%@`".indexOf(c) >= 0) {
            return inline();
        }
        int begin = pos;
        while (pos < text.length()) {
            char ch = text.charAt(pos);
            if (ch == ',' || ch == '[' || ch == ']' || ch == '{' || ch == '}' || ch == '\n'
                    || (ch == '#' && pos > begin && Character.isWhitespace(text.charAt(pos - 1)))
                    || (ch == ':' && (isBlankOrEnd(pos + 1) || ",]}".indexOf(text.charAt(pos + 1)) >= 0))) {
                break;
            }
            pos++;
        }
        String s = text.substring(begin, pos).strip();
        if (s.isEmpty()) {
            throw new ValueException("expected a value", position(begin));
        }
        return new Scalar(s, true, position(begin));
    }

    // ---- scalars

    private YamlNode quoted() {
        Position start = position(pos);
        char q = text.charAt(pos++);
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= text.length() || text.charAt(pos) == '\n') {
                throw new ValueException("unterminated quoted value", start);
            }
            char c = text.charAt(pos++);
            if (c == q) {
                if (q == '\'' && pos < text.length() && text.charAt(pos) == '\'') {
                    sb.append('\'');
                    pos++;
                    continue;
                }
                return new Scalar(sb.toString(), false, start);
            }
            if (c == '\\' && q == '"') {
                sb.append(escape());
            } else {
                sb.append(c);
            }
        }
    }

    private String escape() {
        if (pos >= text.length()) {
            throw error("unterminated quoted value");
        }
        Position at = position(pos - 1);
        char e = text.charAt(pos++);
        return switch (e) {
            case 'n' -> "\n";
            case 't' -> "\t";
            case 'r' -> "\r";
            case '0' -> "\0";
            case 'b' -> "\b";
            case 'f' -> "\f";
            case 'e' -> "\u001b";
            case ' ', '"', '\\', '/' -> String.valueOf(e);
            case 'x' -> hex(2, at);
            case 'u' -> hex(4, at);
            case 'U' -> hex(8, at);
            default -> throw new ValueException("unknown escape '\\" + e + "'", at);
        };
    }

    private String hex(int digits, Position at) {
        if (pos + digits > text.length()) {
            throw new ValueException("short hex escape", at);
        }
        try {
            int cp = Integer.parseUnsignedInt(text.substring(pos, pos + digits), 16);
            pos += digits;
            return new String(Character.toChars(cp));
        } catch (IllegalArgumentException e) {
            throw new ValueException("bad hex escape", at);
        }
    }

    // ---- lines, positions

    /** Moves to the first character of the next line with content; false at the end. */
    private boolean nextContentLine() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == ' ' || c == '\n') {
                pos++;
            } else if (c == '\t') {
                if (onlyBlanksBefore(pos)) {
                    throw error("tabs are not allowed for indentation");
                }
                pos++;
            } else if (c == '#') {
                pos = lineEnd(pos);
            } else {
                return true;
            }
        }
        return false;
    }

    private void skipFlowSpace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == ' ' || c == '\n' || c == '\t') {
                pos++;
            } else if (c == '#') {
                pos = lineEnd(pos);
            } else {
                return;
            }
        }
    }

    private void skipSpaces() {
        while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
            pos++;
        }
    }

    private boolean atLineEnd() {
        if (pos >= text.length() || text.charAt(pos) == '\n') {
            return true;
        }
        if (text.charAt(pos) == '#') {
            pos = lineEnd(pos);
            return true;
        }
        return false;
    }

    private void expectLineEnd() {
        skipSpaces();
        if (!atLineEnd()) {
            throw error("unexpected text after the value");
        }
    }

    private boolean isDashEntry(int p) {
        return p < text.length() && text.charAt(p) == '-' && isBlankOrEnd(p + 1);
    }

    /** Whether the line from {@code p} is "key: ..." (plain or quoted key). */
    private boolean lineHasKey(int p) {
        int end = lineEnd(p);
        char c = text.charAt(p);
        if (c == '[' || c == '{') {
            return false;
        }
        int i = p;
        if (c == '"' || c == '\'') {
            i++;
            while (i < end && text.charAt(i) != c) {
                i += text.charAt(i) == '\\' && c == '"' ? 2 : 1;
            }
            i++;
            while (i < end && text.charAt(i) == ' ') {
                i++;
            }
            return i < end && text.charAt(i) == ':' && isBlankOrEnd(i + 1);
        }
        for (; i < end; i++) {
            char ch = text.charAt(i);
            if (ch == '#' && i > p && Character.isWhitespace(text.charAt(i - 1))) {
                return false;
            }
            if (ch == ':' && isBlankOrEnd(i + 1)) {
                return true;
            }
        }
        return false;
    }

    private boolean isBlankOrEnd(int p) {
        return p >= text.length() || text.charAt(p) == ' ' || text.charAt(p) == '\n' || text.charAt(p) == '\t';
    }

    private boolean onlyBlanksBefore(int p) {
        for (int i = lineStart(p); i < p; i++) {
            if (text.charAt(i) != ' ' && text.charAt(i) != '\t') {
                return false;
            }
        }
        return true;
    }

    private int lineEnd(int p) {
        int e = text.indexOf('\n', p);
        return e < 0 ? text.length() : e;
    }

    private int lineIndex(int p) {
        int i = Arrays.binarySearch(lineStarts, p);
        return i >= 0 ? i : -i - 2;
    }

    private int lineStart(int p) {
        return lineStarts[lineIndex(p)];
    }

    private int column(int p) {
        return p - lineStart(p);
    }

    private Position position(int p) {
        int line = lineIndex(p);
        return new Position(line + 1, p - lineStarts[line] + 1);
    }

    private ValueException error(String reason) {
        return new ValueException(reason, position(Math.min(pos, text.length())));
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw error("nested more than " + MAX_DEPTH + " levels deep");
        }
    }
}
