package io.numaagent.plugins.topologyaware.annotations;

import java.util.regex.Pattern;

/**
 * Go's {@code path/filepath.Match} patterns, which the reference uses for {@code Matches},
 * {@code MatchesAny} and friends: {@code *} is any run of characters except {@code /}, {@code ?} one
 * character except {@code /}, {@code [a-z]} / {@code [^a-z]} a class (which may match {@code /}),
 * {@code \} escapes the next character. Compiled once into a regular expression. Unlike the
 * reference, which treats a malformed pattern as "no match" at evaluation time, a malformed pattern
 * is refused when the annotation is read, naming the offset.
 */
final class GoGlob {

    private final String source;
    private final Pattern pattern;

    private GoGlob(String source, Pattern pattern) {
        this.source = source;
        this.pattern = pattern;
    }

    /**
     * @throws ValueException with the 1-based character offset of the problem in the pattern
     */
    static GoGlob compile(String glob) {
        StringBuilder re = new StringBuilder();
        int i = 0;
        while (i < glob.length()) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> {
                    re.append("[^/]*");
                    i++;
                }
                case '?' -> {
                    re.append("[^/]");
                    i++;
                }
                case '\\' -> {
                    if (i + 1 >= glob.length()) {
                        throw bad(glob, i, "'\\' at the end");
                    }
                    re.append(literal(glob.charAt(i + 1)));
                    i += 2;
                }
                case '[' -> i = charClass(glob, i, re);
                default -> {
                    re.append(literal(c));
                    i++;
                }
            }
        }
        return new GoGlob(glob, Pattern.compile(re.toString(), Pattern.DOTALL));
    }

    boolean matches(String s) {
        return pattern.matcher(s).matches();
    }

    @Override
    public String toString() {
        return source;
    }

    /** Translates {@code [..]} starting at {@code open}; returns the index after its {@code ]}. */
    private static int charClass(String glob, int open, StringBuilder re) {
        int i = open + 1;
        boolean negated = false;
        if (i < glob.length() && glob.charAt(i) == '^') {
            negated = true;
            i++;
        }
        StringBuilder body = new StringBuilder();
        int ranges = 0;
        while (true) {
            if (i < glob.length() && glob.charAt(i) == ']' && ranges > 0) {
                if (body.isEmpty()) {
                    re.append(negated ? "." : "(?!)"); // only inverted ranges, which Go never matches
                } else {
                    re.append(negated ? "[^" : "[").append(body).append(']');
                }
                return i + 1;
            }
            int[] lo = classChar(glob, i, open);
            i = lo[1];
            int hi = lo[0];
            if (i < glob.length() && glob.charAt(i) == '-') {
                int[] h = classChar(glob, i + 1, open);
                hi = h[0];
                i = h[1];
            }
            if (lo[0] <= hi) {
                body.append(literal((char) lo[0])).append('-').append(literal((char) hi));
            }
            ranges++;
        }
    }

    /** One possibly escaped class character: {char, next index}; Go's {@code getEsc} rules. */
    private static int[] classChar(String glob, int i, int open) {
        if (i >= glob.length()) {
            throw bad(glob, open, "unclosed '['");
        }
        char c = glob.charAt(i);
        if (c == '-' || c == ']') {
            throw bad(glob, i, "'" + c + "' must be escaped inside [...]");
        }
        if (c == '\\') {
            i++;
            if (i >= glob.length()) {
                throw bad(glob, i - 1, "'\\' at the end");
            }
            c = glob.charAt(i);
        }
        if (i + 1 >= glob.length()) {
            throw bad(glob, open, "unclosed '['");
        }
        return new int[] {c, i + 1};
    }

    private static String literal(char c) {
        return String.format("\\x{%x}", (int) c);
    }

    private static ValueException bad(String glob, int at, String why) {
        return new ValueException("bad pattern '" + glob + "' at character " + (at + 1) + ": " + why);
    }
}
