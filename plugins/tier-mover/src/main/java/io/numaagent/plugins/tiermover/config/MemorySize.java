package io.numaagent.plugins.tiermover.config;

import io.numaagent.api.snapshot.NumaNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An amount of memory as memtierd writes it: bytes with an optional unit ({@code 200M}, {@code 1G},
 * {@code 512kB}: k, M, G, T are powers of 1024, a trailing B is ignored), or a percentage of the node's
 * {@code MemTotal} ({@code 8%}). memtierd's heat policy documents {@code %} for {@code numasize} but its
 * parser refuses it; here it works wherever a size is taken.
 *
 * @param bytes   the size in bytes, when not a percentage
 * @param percent the percentage of the node's memory, or -1
 */
public record MemorySize(long bytes, double percent) {

    private static final Pattern SIZE = Pattern.compile("\\s*(\\d+)\\s*([kKMGT]?)B?\\s*");
    private static final Pattern PERCENT = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*%\\s*");

    /** This size on a node (a percentage of its memory). */
    public long bytesOn(NumaNode node) {
        return percent >= 0 ? (long) (node.memTotalBytes() * percent / 100.0) : bytes;
    }

    @Override
    public String toString() {
        return percent >= 0 ? percent + "%" : bytes + " bytes";
    }

    static MemorySize read(ConfigNode n) {
        if (n.value() instanceof Integer || n.value() instanceof Long) {
            return new MemorySize(n.integer(0, Long.MAX_VALUE), -1);
        }
        String s = n.string();
        Matcher p = PERCENT.matcher(s);
        if (p.matches()) {
            double pct = Double.parseDouble(p.group(1));
            if (pct > 100) {
                throw n.error("a percentage of the node's memory must be at most 100%, got \"" + s + "\"");
            }
            return new MemorySize(-1, pct);
        }
        Matcher m = SIZE.matcher(s);
        if (!m.matches()) {
            throw n.error("must be a size like 200M, 1G or 512k (powers of 1024), or a percentage like 8%; got \"" + s + "\"");
        }
        long factor = switch (m.group(2)) {
            case "k", "K" -> 1L << 10;
            case "M" -> 1L << 20;
            case "G" -> 1L << 30;
            case "T" -> 1L << 40;
            default -> 1;
        };
        try {
            return new MemorySize(Math.multiplyExact(Long.parseLong(m.group(1)), factor), -1);
        } catch (ArithmeticException | NumberFormatException e) {
            throw n.error("is too large: \"" + s + "\"");
        }
    }
}
