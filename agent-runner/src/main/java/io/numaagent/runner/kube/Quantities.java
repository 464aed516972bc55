package io.numaagent.runner.kube;

import java.math.BigDecimal;

/**
 * Kubernetes resource quantities ({@code 500m}, {@code 1.5Gi}, {@code 2e3}, {@code 128974848}) as
 * numbers: a decimal number with a binary suffix ({@code Ki Mi Gi Ti Pi Ei}), a decimal suffix
 * ({@code n u m k M G T P E}) or a decimal exponent ({@code e}/{@code E} and an integer).
 */
public final class Quantities {

    private static final BigDecimal KI = BigDecimal.valueOf(1024);

    private Quantities() {
    }

    /**
     * The amount {@code quantity} stands for (CPU in cores, memory in bytes).
     *
     * @throws IllegalArgumentException when it is no quantity, naming it
     */
    public static BigDecimal amount(String quantity) {
        String q = quantity == null ? "" : quantity.strip();
        int end = 0;
        if (end < q.length() && (q.charAt(end) == '+' || q.charAt(end) == '-')) {
            end++;
        }
        int digits = 0;
        boolean point = false;
        while (end < q.length() && (Character.isDigit(q.charAt(end)) || (q.charAt(end) == '.' && !point))) {
            if (q.charAt(end) == '.') {
                point = true;
            } else {
                digits++;
            }
            end++;
        }
        if (digits == 0 || end > 40) {
            throw invalid(quantity);
        }
        BigDecimal number = new BigDecimal(q.substring(0, end));
        String suffix = q.substring(end);
        return switch (suffix) {
            case "" -> number;
            case "n" -> number.scaleByPowerOfTen(-9);
            case "u" -> number.scaleByPowerOfTen(-6);
            case "m" -> number.scaleByPowerOfTen(-3);
            case "k" -> number.scaleByPowerOfTen(3);
            case "M" -> number.scaleByPowerOfTen(6);
            case "G" -> number.scaleByPowerOfTen(9);
            case "T" -> number.scaleByPowerOfTen(12);
            case "P" -> number.scaleByPowerOfTen(15);
            case "E" -> number.scaleByPowerOfTen(18);
            case "Ki" -> number.multiply(KI);
            case "Mi" -> number.multiply(KI.pow(2));
            case "Gi" -> number.multiply(KI.pow(3));
            case "Ti" -> number.multiply(KI.pow(4));
            case "Pi" -> number.multiply(KI.pow(5));
            case "Ei" -> number.multiply(KI.pow(6));
            default -> number.scaleByPowerOfTen(exponent(suffix, quantity));
        };
    }

    /** {@code e3}, {@code E-2}: the exponent (small enough for any real quantity). */
    private static int exponent(String suffix, String quantity) {
        if (suffix.length() < 2 || (suffix.charAt(0) != 'e' && suffix.charAt(0) != 'E')) {
            throw invalid(quantity);
        }
        try {
            int e = Integer.parseInt(suffix.substring(1));
            if (Math.abs(e) > 60) {
                throw invalid(quantity);
            }
            return e;
        } catch (NumberFormatException notAnInteger) {
            throw invalid(quantity);
        }
    }

    private static IllegalArgumentException invalid(String quantity) {
        return new IllegalArgumentException("invalid quantity '" + quantity + "'");
    }
}
