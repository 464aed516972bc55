package io.numaagent.plugins.tiermover.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the JSON or YAML text that memtierd nests in string fields ({@code config: |} blocks, or
 * {@code "{\"IntervalMs\":10}"}) into plain values: {@link Map} (ordered), {@link List}, String,
 * Boolean, Integer, Long, Double or null. A plugin JAR carries no YAML library, so this is the subset
 * memtierd configs use: block mappings and sequences, flow mappings and sequences (JSON is one),
 * plain, single- and double-quoted scalars, literal ({@code |}) and folded ({@code >}) block scalars,
 * and comments. Anchors, aliases, tags and multi-document streams are refused with an error.
 *
 * <p>Why this size: one recursive-descent parser for both the block and the flow syntax, with the
 * line and column of every error; splitting it would only spread the shared cursor state.
 */
public final class NestedText {

    /** A syntax error at a 1-based line and column of the text. */
    public static final class SyntaxError extends Exception {
        private final int line;
        private final int column;

        SyntaxError(int line, int column, String message) {
            super(message);
            this.line = line;
            this.column = column;
        }

        public int line() {
            return line;
        }

        public int column() {
            return column;
        }
    }

    /** One line of block text: its 1-based number, indentation and content without the indentation. */
    private static final class Line {
        final int number;
        int indent;
        String content;

        Line(int number, int indent, String content) {
            this.number = number;
            this.indent = indent;
            this.content = content;
        }
    }

    private final String text;
    private final List<Line> lines = new ArrayList<>();
    private final List<String> raw = new ArrayList<>();
    private int next;

    private NestedText(String text) {
        this.text = text;
        String[] split = text.split("\n", -1);
        for (int i = 0; i < split.length; i++) {
            String l = split[i].endsWith("\r") ? split[i].substring(0, split[i].length() - 1) : split[i];
            raw.add(l);
            int indent = 0;
            while (indent < l.length() && l.charAt(indent) == ' ') {
                indent++;
            }
            lines.add(new Line(i + 1, indent, l.substring(indent)));
        }
    }

    /**
     * Parses {@code text}; an empty or all-comment text is {@code null}.
     *
     * @throws SyntaxError naming the line and column of the first problem
     */
    public static Object parse(String text) throws SyntaxError {
        NestedText p = new NestedText(text);
        String start = text.strip();
        if (start.startsWith("{") || start.startsWith("[")) {
            Flow f = p.new Flow(0);
            Object v = f.value();
            f.skipSpace();
            if (f.pos < text.length()) {
                throw f.error("unexpected text after the end of the value");
            }
            return v;
        }
        Object v = p.node(0);
        p.skipBlank();
        if (p.next < p.lines.size()) {
            Line l = p.lines.get(p.next);
            throw new SyntaxError(l.number, l.indent + 1, "unexpected indentation or text");
        }
        return v;
    }

    // ------------------------------------------------------------------ block syntax

    private void skipBlank() throws SyntaxError {
        while (next < lines.size()) {
            Line l = lines.get(next);
            if (l.content.isEmpty() || l.content.startsWith("#")) {
                next++;
                continue;
            }
            if (l.content.startsWith("\t")) {
                throw new SyntaxError(l.number, l.indent + 1, "tabs are not allowed for indentation");
            }
            if (l.content.equals("---") || l.content.equals("...") || l.content.startsWith("--- ")) {
                throw new SyntaxError(l.number, l.indent + 1, "document markers are not supported");
            }
            return;
        }
    }

    /** A node whose first line is indented at least {@code minIndent}; null when there is none. */
    private Object node(int minIndent) throws SyntaxError {
        skipBlank();
        if (next >= lines.size() || lines.get(next).indent < minIndent) {
            return null;
        }
        Line l = lines.get(next);
        if (isSequenceItem(l.content)) {
            return sequence(l.indent);
        }
        if (keyEnd(l.content) >= 0) {
            return mapping(l.indent);
        }
        next++;
        return inlineValue(l, l.content, l.indent);
    }

    private static boolean isSequenceItem(String content) {
        return content.equals("-") || content.startsWith("- ");
    }

    private Map<String, Object> mapping(int indent) throws SyntaxError {
        Map<String, Object> out = new LinkedHashMap<>();
        while (true) {
            skipBlank();
            if (next >= lines.size()) {
                return out;
            }
            Line l = lines.get(next);
            if (l.indent < indent) {
                return out;
            }
            if (l.indent > indent) {
                throw new SyntaxError(l.number, l.indent + 1, "unexpected indentation");
            }
            int colon = keyEnd(l.content);
            if (colon < 0) {
                throw new SyntaxError(l.number, l.indent + 1, "expected 'key: value'");
            }
            String key = key(l, l.content.substring(0, colon).strip());
            if (out.containsKey(key)) {
                throw new SyntaxError(l.number, l.indent + 1, "duplicate key '" + key + "'");
            }
            String rest = stripComment(l.content.substring(colon + 1)).strip();
            int restColumn = l.indent + colon + 1 + (l.content.length() - colon - 1 - l.content.substring(colon + 1).stripLeading().length());
            next++;
            Object value;
            if (rest.isEmpty()) {
                skipBlank();
                boolean seqAtSameIndent = next < lines.size() && lines.get(next).indent == indent
                        && isSequenceItem(lines.get(next).content);
                value = seqAtSameIndent ? sequence(indent) : node(indent + 1);
            } else {
                value = inlineValue(l, rest, restColumn);
            }
            out.put(key, value);
        }
    }

    private List<Object> sequence(int indent) throws SyntaxError {
        List<Object> out = new ArrayList<>();
        while (true) {
            skipBlank();
            if (next >= lines.size()) {
                return out;
            }
            Line l = lines.get(next);
            if (l.indent != indent || !isSequenceItem(l.content)) {
                if (l.indent > indent) {
                    throw new SyntaxError(l.number, l.indent + 1, "unexpected indentation");
                }
                return out;
            }
            String after = l.content.length() > 1 ? l.content.substring(2) : "";
            int offset = 2 + (after.length() - after.stripLeading().length());
            after = after.stripLeading();
            if (after.isEmpty() || after.startsWith("#")) {
                next++;
                out.add(node(indent + 1));
            } else if (isSequenceItem(after) || keyEnd(after) >= 0) {
                // the item's first line continues at the column after "- ": re-read it there
                l.indent = indent + offset;
                l.content = after;
                out.add(node(l.indent));
            } else {
                next++;
                out.add(inlineValue(l, stripComment(after).strip(), indent + offset));
            }
        }
    }

    /** The value written on the same line as its key or dash: a flow collection, block scalar or scalar. */
    private Object inlineValue(Line l, String value, int column) throws SyntaxError {
        if (value.startsWith("{") || value.startsWith("[")) {
            int start = offsetOf(l.number, column);
            Flow f = new Flow(start);
            Object v = f.value();
            int end = f.pos;
            String tail = text.substring(end, Math.min(text.length(), lineEndOffset(f.line())));
            if (!stripComment(tail).isBlank()) {
                throw f.error("unexpected text after the end of the value");
            }
            // continue after the line the flow value ended on
            next = f.line();
            return v;
        }
        if (value.startsWith("|") || value.startsWith(">")) {
            return blockScalar(l, value);
        }
        if (value.startsWith("&") || value.startsWith("*") || value.startsWith("!")) {
            throw new SyntaxError(l.number, column + 1, "anchors, aliases and tags are not supported");
        }
        if (value.startsWith("\"") || value.startsWith("'")) {
            Flow f = new Flow(offsetOf(l.number, column));
            Object v = f.quoted();
            int lineEnd = lineEndOffset(l.number);
            String tail = f.pos >= lineEnd ? "" : text.substring(f.pos, lineEnd);
            if (f.pos > lineEnd || !stripComment(tail).isBlank()) {
                throw f.error("a quoted string must end on its line, with nothing but a comment after it");
            }
            return v;
        }
        return scalar(value);
    }

    private String blockScalar(Line l, String header) throws SyntaxError {
        boolean literal = header.charAt(0) == '|';
        String chomp = "";
        for (char c : stripComment(header.substring(1)).strip().toCharArray()) {
            if (c == '-' || c == '+') {
                chomp = String.valueOf(c);
            } else if (!Character.isDigit(c)) {
                throw new SyntaxError(l.number, l.indent + 1, "bad block scalar header '" + header + "'");
            }
        }
        int blockIndent = -1;
        List<String> body = new ArrayList<>();
        while (next < lines.size()) {
            Line b = lines.get(next);
            if (b.content.isEmpty()) {
                body.add("");
                next++;
                continue;
            }
            if (b.indent <= l.indent) {
                break;
            }
            if (blockIndent < 0) {
                blockIndent = b.indent;
            }
            if (b.indent < blockIndent) {
                break;
            }
            body.add(raw.get(b.number - 1).substring(blockIndent));
            next++;
        }
        int trailing = 0;
        while (!body.isEmpty() && body.get(body.size() - 1).isEmpty()) {
            body.remove(body.size() - 1);
            trailing++;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < body.size(); i++) {
            if (i > 0) {
                sb.append(literal || body.get(i - 1).isEmpty() || body.get(i).isEmpty() ? "\n" : " ");
            }
            sb.append(body.get(i));
        }
        if (body.isEmpty()) {
            return "";
        }
        return switch (chomp) {
            case "-" -> sb.toString();
            case "+" -> sb + "\n".repeat(trailing + 1);
            default -> sb + "\n";
        };
    }

    /** Where the {@code :} that ends a block mapping key is, or -1 when the line is not a key line. */
    private static int keyEnd(String content) {
        if (content.startsWith("{") || content.startsWith("[") || content.startsWith("#")
                || content.startsWith("|") || content.startsWith(">")) {
            return -1;
        }
        char quote = 0;
        for (int i = 0; i < content.length(); i++) {
            char c = content.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            if ((c == '"' || c == '\'') && i == 0) {
                quote = c;
            } else if (c == '#' && i > 0 && content.charAt(i - 1) == ' ') {
                return -1;
            } else if (c == ':' && (i + 1 == content.length() || content.charAt(i + 1) == ' ')) {
                return i;
            }
        }
        return -1;
    }

    private static String key(Line l, String raw) throws SyntaxError {
        if (raw.length() >= 2 && (raw.startsWith("\"") && raw.endsWith("\"") || raw.startsWith("'") && raw.endsWith("'"))) {
            return raw.substring(1, raw.length() - 1);
        }
        if (raw.isEmpty()) {
            throw new SyntaxError(l.number, l.indent + 1, "empty key");
        }
        return raw;
    }

    private static String stripComment(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '#' && (i == 0 || s.charAt(i - 1) == ' ' || s.charAt(i - 1) == '\t')) {
                return s.substring(0, i);
            }
        }
        return s;
    }

    /** A plain scalar as YAML 1.2's core schema resolves it. */
    static Object scalar(String s) {
        switch (s) {
            case "", "~", "null", "Null", "NULL":
                return null;
            case "true", "True", "TRUE":
                return Boolean.TRUE;
            case "false", "False", "FALSE":
                return Boolean.FALSE;
            default:
                break;
        }
        if (s.matches("[-+]?[0-9]+")) {
            try {
                long l = Long.parseLong(s.startsWith("+") ? s.substring(1) : s);
                return l == (int) l ? (Object) (int) l : (Object) l;
            } catch (NumberFormatException e) {
                return s;
            }
        }
        if (s.matches("0x[0-9a-fA-F]+")) {
            try {
                long l = Long.parseLong(s.substring(2), 16);
                return l == (int) l ? (Object) (int) l : (Object) l;
            } catch (NumberFormatException e) {
                return s;
            }
        }
        if (s.matches("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?")) {
            return Double.parseDouble(s);
        }
        return s;
    }

    private int offsetOf(int lineNumber, int column) {
        int off = 0;
        for (int i = 0; i < lineNumber - 1; i++) {
            off += raw.get(i).length() + 1;
        }
        return off + column;
    }

    private int lineEndOffset(int lineNumber) {
        return Math.min(text.length(), offsetOf(lineNumber, 0) + raw.get(lineNumber - 1).length());
    }

    // ------------------------------------------------------------------ flow syntax (JSON and YAML flow)

    /** A cursor over the whole text for flow collections, which may span lines. */
    private final class Flow {
        int pos;

        Flow(int pos) {
            this.pos = pos;
        }

        /** 1-based line of the cursor. */
        int line() {
            int n = 1;
            for (int i = 0; i < pos && i < text.length(); i++) {
                if (text.charAt(i) == '\n') {
                    n++;
                }
            }
            return n;
        }

        SyntaxError error(String message) {
            int lineStart = text.lastIndexOf('\n', Math.max(0, pos - 1)) + 1;
            if (pos > 0 && pos <= text.length() && text.charAt(pos - 1) == '\n') {
                lineStart = pos;
            }
            return new SyntaxError(line(), pos - lineStart + 1, message);
        }

        void skipSpace() {
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                    pos++;
                } else if (c == '#' && (pos == 0 || Character.isWhitespace(text.charAt(pos - 1)))) {
                    while (pos < text.length() && text.charAt(pos) != '\n') {
                        pos++;
                    }
                } else {
                    return;
                }
            }
        }

        Object value() throws SyntaxError {
            skipSpace();
            if (pos >= text.length()) {
                throw error("a value is missing");
            }
            char c = text.charAt(pos);
            if (c == '{') {
                return map();
            }
            if (c == '[') {
                return list();
            }
            if (c == '"' || c == '\'') {
                return quoted();
            }
            if (c == '&' || c == '*' || c == '!') {
                throw error("anchors, aliases and tags are not supported");
            }
            return scalar(plain(false));
        }

        private Map<String, Object> map() throws SyntaxError {
            Map<String, Object> out = new LinkedHashMap<>();
            pos++;
            skipSpace();
            if (peek() == '}') {
                pos++;
                return out;
            }
            while (true) {
                skipSpace();
                int keyPos = pos;
                String key = peek() == '"' || peek() == '\'' ? quoted() : plain(true);
                if (key.isEmpty()) {
                    throw error("a key is missing");
                }
                skipSpace();
                if (peek() != ':') {
                    throw error("expected ':' after key '" + key + "'");
                }
                pos++;
                if (out.containsKey(key)) {
                    pos = keyPos;
                    throw error("duplicate key '" + key + "'");
                }
                out.put(key, value());
                skipSpace();
                char c = peek();
                pos++;
                if (c == '}') {
                    return out;
                }
                if (c != ',') {
                    pos--;
                    throw error(c == 0 ? "'}' is missing" : "expected ',' or '}'");
                }
            }
        }

        private List<Object> list() throws SyntaxError {
            List<Object> out = new ArrayList<>();
            pos++;
            skipSpace();
            if (peek() == ']') {
                pos++;
                return out;
            }
            while (true) {
                out.add(value());
                skipSpace();
                char c = peek();
                pos++;
                if (c == ']') {
                    return out;
                }
                if (c != ',') {
                    pos--;
                    throw error(c == 0 ? "']' is missing" : "expected ',' or ']'");
                }
            }
        }

        private char peek() {
            return pos < text.length() ? text.charAt(pos) : 0;
        }

        /** A plain scalar in flow context: ends at a flow indicator, or at ': ' when it is a key. */
        private String plain(boolean key) {
            int start = pos;
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c == ',' || c == ']' || c == '}' || c == '[' || c == '{' || c == '\n'
                        || c == '#' && pos > start && text.charAt(pos - 1) == ' ') {
                    break;
                }
                if (c == ':' && (key || pos + 1 >= text.length() || " \n,]}".indexOf(text.charAt(pos + 1)) >= 0)) {
                    break;
                }
                pos++;
            }
            return text.substring(start, pos).strip();
        }

        String quoted() throws SyntaxError {
            char q = text.charAt(pos);
            pos++;
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (pos >= text.length()) {
                    throw error("the closing quote " + q + " is missing");
                }
                char c = text.charAt(pos++);
                if (c == q) {
                    if (q == '\'' && peek() == '\'') {
                        sb.append('\'');
                        pos++;
                        continue;
                    }
                    return sb.toString();
                }
                if (c == '\\' && q == '"') {
                    char e = peek();
                    pos++;
                    switch (e) {
                        case 'n' -> sb.append('\n');
                        case 't' -> sb.append('\t');
                        case 'r' -> sb.append('\r');
                        case '"', '\\', '/' -> sb.append(e);
                        case 'u' -> {
                            if (pos + 4 > text.length()) {
                                throw error("bad \\u escape");
                            }
                            try {
                                sb.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                            } catch (NumberFormatException ex) {
                                throw error("bad \\u escape");
                            }
                            pos += 4;
                        }
                        default -> {
                            pos--;
                            throw error("unknown escape \\" + e);
                        }
                    }
                    continue;
                }
                sb.append(c);
            }
        }
    }
}
