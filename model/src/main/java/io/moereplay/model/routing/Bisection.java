package io.moereplay.model.routing;

import java.util.function.DoubleUnaryOperator;

/** Root finding for the calibration's one-parameter fits. */
final class Bisection {

    private static final int ITERATIONS = 200;

    private Bisection() {}

    /**
     * The x in [lo, hi] where a non-decreasing f reaches {@code target}, to the last bits of x; lo
     * or hi when f stays on one side of it over the whole interval.
     */
    static double solveIncreasing(DoubleUnaryOperator f, double target, double lo, double hi) {
        for (int i = 0; i < ITERATIONS; i++) {
            double mid = 0.5 * (lo + hi);
            if (mid == lo || mid == hi) {
                break;
            }
            if (f.applyAsDouble(mid) < target) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    /**
     * As {@link #solveIncreasing}, with the interval's top found by doubling {@code hi} from its
     * given value until f reaches the target there or {@code limit} is passed.
     */
    static double solveIncreasingFromZero(DoubleUnaryOperator f, double target, double hi, double limit) {
        while (f.applyAsDouble(hi) < target && hi < limit) {
            hi *= 2;
        }
        return solveIncreasing(f, target, 0, hi);
    }
}
