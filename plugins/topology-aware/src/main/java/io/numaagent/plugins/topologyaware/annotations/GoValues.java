package io.numaagent.plugins.topologyaware.annotations;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * Scalar syntaxes the reference takes from Go's standard library, so that annotation values written
 * for nri-plugins / cri-resmgr mean the same here: {@code strconv.ParseBool} and
 * {@code time.ParseDuration}.
 */
final class GoValues {

    private GoValues() {
    }

    /** {@code strconv.ParseBool}: 1, t, T, TRUE, true, True, 0, f, F, FALSE, false, False. */
    static boolean parseBool(String s) {
        return switch (s) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            default -> throw new ValueException("'" + s + "' is not a boolean (use true or false)");
        };
    }

    /**
     * {@code time.ParseDuration}: a signed sequence of decimal numbers with units ns, us (µs), ms, s,
     * m, h, e.g. {@code 90s}, {@code 1h30m}, {@code 1.5m}; {@code 0} alone needs no unit.
     */
    static Duration parseDuration(String s) {
        String rest = s;
        boolean negative = false;
        if (rest.startsWith("-") || rest.startsWith("+")) {
            negative = rest.charAt(0) == '-';
            rest = rest.substring(1);
        }
        if (rest.equals("0")) {
            return Duration.ZERO;
        }
        if (rest.isEmpty()) {
            throw bad(s, "empty");
        }
        BigDecimal nanos = BigDecimal.ZERO;
        int i = 0;
        while (i < rest.length()) {
            int numStart = i;
            while (i < rest.length() && (Character.isDigit(rest.charAt(i)) || rest.charAt(i) == '.')) {
                i++;
            }
            String num = rest.substring(numStart, i);
            if (num.isEmpty() || num.equals(".") || num.indexOf('.') != num.lastIndexOf('.')) {
                throw bad(s, "expected a number at '" + rest.substring(numStart) + "'");
            }
            int unitStart = i;
            while (i < rest.length() && !Character.isDigit(rest.charAt(i)) && rest.charAt(i) != '.') {
                i++;
            }
            String unit = rest.substring(unitStart, i);
            long perUnit = switch (unit) {
                case "ns" -> 1L;
                case "us", "\u00b5s", "\u03bcs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "h" -> 3_600_000_000_000L;
                case "" -> throw bad(s, "missing unit after '" + num + "'");
                default -> throw bad(s, "unknown unit '" + unit + "'");
            };
            nanos = nanos.add(new BigDecimal(num.startsWith(".") ? "0" + num : num)
                    .multiply(BigDecimal.valueOf(perUnit)));
            if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
                throw bad(s, "too large");
            }
        }
        long n = nanos.longValue();
        return Duration.ofNanos(negative ? -n : n);
    }

    private static ValueException bad(String s, String why) {
        return new ValueException("'" + s + "' is not a duration like 60s or 1h30m (" + why + ")");
    }
}
