package io.numaagent.plugins.topologyaware.annotations;

/**
 * Go's {@code path/filepath.Match} patterns, which the reference uses for {@code Matches},
 * {@code MatchesAny} and friends: {@code *} is any run of characters except {@code /}, {@code ?} one
 * character except {@code /}, {@code [a-z]} / {@code [^a-z]} a class (which may match {@code /}),
 * {@code \} escapes the next character. Matching follows Go's algorithm (each chunk after a star at
 * its leftmost fit), which takes time proportional to pattern times name even for hostile patterns
 * such as {@code a*a*a*a*b}, where a backtracking regular expression would not. Unlike the reference,
 * which treats a malformed pattern as "no match" when evaluating, a malformed pattern is refused when
 * the annotation is read, naming the offset.
 */
public final class GoGlob {

    private final String pattern;

    private GoGlob(String pattern) {
        this.pattern = pattern;
    }

    /**
     * @throws ValueException with the 1-based character offset of the problem in the pattern
     */
    public static GoGlob compile(String glob) {
        int i = 0;
        while (i < glob.length()) {
            char c = glob.charAt(i);
            if (c == '\\') {
                if (i + 1 >= glob.length()) {
                    throw bad(glob, i, "'\\' at the end");
                }
                i += 2;
            } else if (c == '[') {
                i = checkClass(glob, i);
            } else {
                i++;
            }
        }
        return new GoGlob(glob);
    }

    /** Why {@code glob} is not a valid pattern ("bad pattern '[a' at character 1: unclosed '['"), or {@code null}. */
    public static String problem(String glob) {
        try {
            compile(glob);
            return null;
        } catch (ValueException e) {
            return e.reason();
        }
    }

    /** Go's {@code Match} on a valid pattern. */
    public boolean matches(String name) {
        String p = pattern;
        String s = name;
        outer:
        while (!p.isEmpty()) {
            boolean star = false;
            int i = 0;
            while (i < p.length() && p.charAt(i) == '*') {
                i++;
                star = true;
            }
            p = p.substring(i);
            int chunkEnd = chunkEnd(p);
            String chunk = p.substring(0, chunkEnd);
            p = p.substring(chunkEnd);
            if (star && chunk.isEmpty()) {
                return s.indexOf('/') < 0; // a trailing star takes the rest unless it has a '/'
            }
            int rest = matchChunk(chunk, s, 0);
            if (rest >= 0 && (rest == s.length() || !p.isEmpty())) {
                s = s.substring(rest);
                continue;
            }
            if (star) {
                for (int skip = 0; skip < s.length() && s.charAt(skip) != '/'; skip++) {
                    rest = matchChunk(chunk, s, skip + 1);
                    if (rest >= 0) {
                        if (p.isEmpty() && rest < s.length()) {
                            continue;
                        }
                        s = s.substring(rest);
                        continue outer;
                    }
                }
            }
            return false;
        }
        return s.isEmpty();
    }

    @Override
    public String toString() {
        return pattern;
    }

    /** End of the chunk up to the next star outside a class (Go's scanChunk). */
    private static int chunkEnd(String p) {
        boolean inClass = false;
        int i = 0;
        for (; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '\\') {
                if (i + 1 < p.length()) {
                    i++;
                }
            } else if (c == '[') {
                inClass = true;
            } else if (c == ']') {
                inClass = false;
            } else if (c == '*' && !inClass) {
                break;
            }
        }
        return i;
    }

    /** Matches a star-free chunk at {@code from}; the index after it, or -1. */
    private static int matchChunk(String chunk, String s, int from) {
        int si = from;
        int ci = 0;
        while (ci < chunk.length()) {
            if (si >= s.length()) {
                return -1;
            }
            char c = chunk.charAt(ci);
            char r = s.charAt(si);
            if (c == '[') {
                ci++;
                boolean negated = ci < chunk.length() && chunk.charAt(ci) == '^';
                if (negated) {
                    ci++;
                }
                boolean match = false;
                int ranges = 0;
                while (!(chunk.charAt(ci) == ']' && ranges > 0)) {
                    if (chunk.charAt(ci) == '\\') {
                        ci++;
                    }
                    char lo = chunk.charAt(ci++);
                    char hi = lo;
                    if (chunk.charAt(ci) == '-') {
                        ci++;
                        if (chunk.charAt(ci) == '\\') {
                            ci++;
                        }
                        hi = chunk.charAt(ci++);
                    }
                    match |= lo <= r && r <= hi;
                    ranges++;
                }
                ci++;
                if (match == negated) {
                    return -1;
                }
            } else if (c == '?') {
                if (r == '/') {
                    return -1;
                }
                ci++;
            } else {
                if (c == '\\') {
                    ci++;
                    c = chunk.charAt(ci);
                }
                if (c != r) {
                    return -1;
                }
                ci++;
            }
            si++;
        }
        return si;
    }

    /** Validates {@code [..]} at {@code open} by Go's getEsc rules; returns the index after its {@code ]}. */
    private static int checkClass(String glob, int open) {
        int i = open + 1;
        if (i < glob.length() && glob.charAt(i) == '^') {
            i++;
        }
        int ranges = 0;
        while (true) {
            if (i < glob.length() && glob.charAt(i) == ']' && ranges > 0) {
                return i + 1;
            }
            i = classChar(glob, i, open);
            if (i < glob.length() && glob.charAt(i) == '-') {
                i = classChar(glob, i + 1, open);
            }
            ranges++;
        }
    }

    /** One possibly escaped class character; the index after it. */
    private static int classChar(String glob, int i, int open) {
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
        }
        if (i + 1 >= glob.length()) {
            throw bad(glob, open, "unclosed '['");
        }
        return i + 1;
    }

    private static ValueException bad(String glob, int at, String why) {
        return new ValueException("bad pattern '" + glob + "' at character " + (at + 1) + ": " + why);
    }
}
