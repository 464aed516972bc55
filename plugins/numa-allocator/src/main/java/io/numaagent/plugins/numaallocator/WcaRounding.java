package io.numaagent.plugins.numaallocator;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Python's {@code round(x, k)} (half-even on the exact binary value of the double, result the
 * nearest double to the rounded decimal), which WCA's formulas use. Bit-exact parity needs the exact
 * decimal expansion of the double; {@link BigDecimal} gives it but is slow, so a scaled {@code rint}
 * is used unless the scaled value lies close to a half, where only the exact expansion can decide.
 */
final class WcaRounding {

    private static final double[] SCALE = {1, 10, 100, 1000, 10000};
    /** Scaled values this close to {@code .5} are decided exactly; elsewhere {@code rint} cannot be wrong. */
    private static final double NEAR_HALF = 1e-6;

    private WcaRounding() {
    }

    /** {@code round(x, places)} as Python computes it, for {@code places} in 0..4. */
    static double round(double x, int places) {
        if (Double.isNaN(x) || Double.isInfinite(x)) {
            return x;
        }
        double scale = SCALE[places];
        double scaled = x * scale;
        double fraction = Math.abs(scaled - Math.floor(scaled));
        if (Math.abs(fraction - 0.5) > NEAR_HALF && Math.abs(scaled) < 1e8) {
            return Math.rint(scaled) / scale;
        }
        return new BigDecimal(x).setScale(places, RoundingMode.HALF_EVEN).doubleValue();
    }

    /** The exact (slow) reference, for tests. */
    static double roundExact(double x, int places) {
        return new BigDecimal(x).setScale(places, RoundingMode.HALF_EVEN).doubleValue();
    }

    /** Python's {@code round(x)} without digits: half-even to an integer ({@link Math#rint}). */
    static long roundToInteger(double x) {
        return (long) Math.rint(x);
    }
}
