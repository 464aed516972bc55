package io.numaagent.runner.control;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The control socket's line protocol, both ends. The client sends one request line (UTF-8, at most
 * {@link #MAX_REQUEST_BYTES} bytes, ended by {@code \n}); the agent answers with any number of lines
 * and then a terminator, {@code .ok} or {@code .error}. A response line that starts with {@code .}
 * is sent with one more {@code .} in front (as SMTP does), so no line of an answer can pass for the
 * terminator. A connection carries any number of requests, one after the other.
 */
public final class ControlProtocol {

    /** The longest request line accepted. */
    public static final int MAX_REQUEST_BYTES = 4096;
    static final String OK = ".ok";
    static final String ERROR = ".error";

    private ControlProtocol() {
    }

    /** An answer: its lines and whether the request succeeded. */
    public record Reply(boolean ok, List<String> lines) {

        public Reply {
            lines = List.copyOf(lines);
        }

        static Reply ok(String text) {
            return new Reply(true, lines(text));
        }

        static Reply error(String text) {
            return new Reply(false, lines(text));
        }

        /** The lines joined, each ended by a newline. */
        public String text() {
            StringBuilder sb = new StringBuilder();
            lines.forEach(l -> sb.append(l).append('\n'));
            return sb.toString();
        }

        /** The text's lines; a final newline ends the last line rather than starting an empty one. */
        private static List<String> lines(String text) {
            if (text.isEmpty()) {
                return List.of();
            }
            String t = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
            return List.of(t.split("\n", -1));
        }
    }

    /** Thrown for a request line longer than {@link #MAX_REQUEST_BYTES}; the rest of that line has been read. */
    static final class RequestTooLong extends IOException {
        RequestTooLong() {
            super("request longer than " + MAX_REQUEST_BYTES + " bytes");
        }
    }

    /**
     * Reads one request line.
     *
     * @return the line without its end, or null at the end of the stream
     */
    static String readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        boolean tooLong = false;
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            if (line.size() < MAX_REQUEST_BYTES) {
                line.write(b);
            } else {
                tooLong = true; // read on to the line's end, so that the next request starts clean
            }
        }
        if (b == -1 && line.size() == 0 && !tooLong) {
            return null;
        }
        if (tooLong) {
            throw new RequestTooLong();
        }
        String s = line.toString(StandardCharsets.UTF_8);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    /** Writes a reply: its lines (dot-stuffed) and its terminator, then flushes. */
    static void write(OutputStream out, Reply reply) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String l : reply.lines()) {
            sb.append(l.startsWith(".") ? "." : "").append(l).append('\n');
        }
        sb.append(reply.ok() ? OK : ERROR).append('\n');
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Writes a request line. */
    static void writeRequest(OutputStream out, String request) throws IOException {
        out.write((request + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Reads a reply up to its terminator; the end of the stream before it is an error. */
    static Reply readReply(BufferedReader in) throws IOException {
        List<String> lines = new ArrayList<>();
        String l;
        while ((l = in.readLine()) != null) {
            if (l.equals(OK) || l.equals(ERROR)) {
                return new Reply(l.equals(OK), lines);
            }
            lines.add(l.startsWith("..") ? l.substring(1) : l);
        }
        throw new IOException("the agent closed the connection before answering");
    }

    /** A request's words: split at blanks; double quotes group words ({@code "a b"}), as a shell would. */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (!quoted && Character.isWhitespace(c)) {
                if (any) {
                    words.add(w.toString());
                    w.setLength(0);
                    any = false;
                }
            } else {
                w.append(c);
                any = true;
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("unbalanced double quote");
        }
        if (any) {
            words.add(w.toString());
        }
        return words;
    }
}
