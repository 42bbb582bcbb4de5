package io.moereplay.model.routing;

import io.moereplay.model.synthetic.SplitMix64;

/**
 * Exact binomial variates, Binomial(n, p): inversion when the mode is small and Hörmann's BTRD
 * (transformed rejection with decomposition; W. Hörmann, "The generation of binomial random
 * variates", J. Statist. Comput. Simul. 46, 1993) otherwise, so a draw costs O(1) expected time
 * whatever n is.
 *
 * <p>Only IEEE arithmetic, {@link Math#sqrt} (correctly rounded) and {@link StrictMath#log} are
 * used, so a seed gives the same variates on every JVM.
 */
final class Binomial {

    /** BTRD needs a mode of at least 10; below it inversion takes at most ~12 steps on average. */
    private static final double INVERSION_MODE_LIMIT = 11;

    /**
     * fc(k) = ln k! - (k + 1/2) ln(k + 1) + (k + 1) - ln(2 pi) / 2, the error of Stirling's formula
     * for ln k!, for k = 0..9 (Hörmann's table); above 9 its series is accurate to 1e-16.
     */
    private static final double[] STIRLING_CORRECTION = {
        0.08106146679532726, 0.04134069595540929, 0.02767792568499834, 0.02079067210376509,
        0.01664469118982119, 0.01387612882307075, 0.01189670994589177, 0.01041126526197209,
        0.009255462182712733, 0.008330563433362871,
    };

    private Binomial() {}

    /** One variate: how many of {@code n} independent trials of probability {@code p} succeed. */
    static int draw(SplitMix64 random, int n, double p) {
        if (n == 0 || p <= 0) {
            return 0;
        }
        if (p >= 1) {
            return n;
        }
        // Both methods want p <= 1/2; a success at p is a failure at 1 - p.
        return p > 0.5 ? n - drawAtMostHalf(random, n, 1 - p) : drawAtMostHalf(random, n, p);
    }

    private static int drawAtMostHalf(SplitMix64 random, int n, double p) {
        return (n + 1) * p < INVERSION_MODE_LIMIT ? inversion(random, n, p) : btrd(random, n, p);
    }

    /** Walks the pmf up from 0, f(x) = f(x-1) ((n + 1) r / x - r) with r = p / q. */
    static int inversion(SplitMix64 random, int n, double p) {
        double q = 1 - p;
        double r = p / q;
        double a = (n + 1) * r;
        double f = power(q, n);
        double u = random.nextDouble();
        int x = 0;
        // x < n: u can outlast the rounded pmf by a few ulps.
        while (u > f && x < n) {
            u -= f;
            x++;
            f *= a / x - r;
        }
        return x;
    }

    /** Hörmann's algorithm BTRD, steps 0 to 3.4; requires p <= 1/2 and (n + 1) p >= 10. */
    static int btrd(SplitMix64 random, int n, double p) {
        // Step 0: set-up.
        int m = (int) ((n + 1) * p);
        double r = p / (1 - p);
        double nr = (n + 1) * r;
        double npq = n * p * (1 - p);
        double sqrtNpq = Math.sqrt(npq);
        double b = 1.15 + 2.53 * sqrtNpq;
        double inverseB = 1 / b;
        double a = -0.0873 + 0.0248 * b + 0.01 * p;
        double c = n * p + 0.5;
        double alpha = (2.83 + 5.1 * inverseB) * sqrtNpq;
        double vr = 0.92 - 4.2 * inverseB;
        double urvr = 0.86 * vr;
        while (true) {
            // Step 1: the centre of the hat, where it lies under the density, accepts at once.
            double v = random.nextDouble();
            double u;
            if (v <= urvr) {
                u = v / vr - 0.43;
                return (int) Math.floor((2 * a / (0.5 - Math.abs(u)) + b) * u + c);
            }
            // Step 2: a point (u, v) under the rest of the hat.
            if (v >= vr) {
                u = random.nextDouble() - 0.5;
            } else {
                u = v / vr - 0.93;
                u = (u < 0 ? -0.5 : 0.5) - u;
                v = random.nextDouble() * vr;
            }
            // Step 3.0: its candidate k and v scaled so that accepting means v <= f(k) / f(m).
            double us = 0.5 - Math.abs(u);
            double kReal = Math.floor((2 * a / us + b) * u + c);
            if (kReal < 0 || kReal > n) {
                continue;
            }
            int k = (int) kReal;
            v = v * alpha / (a / (us * us) + b);
            int km = Math.abs(k - m);
            if (km <= 15) {
                // Step 3.1: f(k) / f(m) by the pmf's recursion.
                double f = 1;
                if (m < k) {
                    for (int i = m + 1; i <= k; i++) {
                        f *= nr / i - r;
                    }
                } else {
                    for (int i = k + 1; i <= m; i++) {
                        v *= nr / i - r;
                    }
                }
                if (v <= f) {
                    return k;
                }
                continue;
            }
            // Step 3.2: squeeze on ln f(k) / f(m) around the normal approximation.
            v = StrictMath.log(v);
            double rho = (km / npq) * (((km / 3.0 + 0.625) * km + 1.0 / 6) / npq + 0.5);
            double t = -(double) km * km / (2 * npq);
            if (v < t - rho) {
                return k;
            }
            if (v > t + rho) {
                continue;
            }
            // Steps 3.3 and 3.4: the exact log ratio, by Stirling's formula with its correction.
            int nm = n - m + 1;
            double h = (m + 0.5) * StrictMath.log((m + 1) / (r * nm))
                    + stirlingCorrection(m) + stirlingCorrection(n - m);
            int nk = n - k + 1;
            if (v <= h + (n + 1) * StrictMath.log((double) nm / nk)
                    + (k + 0.5) * StrictMath.log(nk * r / (k + 1))
                    - stirlingCorrection(k) - stirlingCorrection(n - k)) {
                return k;
            }
        }
    }

    static double stirlingCorrection(int k) {
        if (k < STIRLING_CORRECTION.length) {
            return STIRLING_CORRECTION[k];
        }
        double inverse = 1.0 / (k + 1);
        double inverseSquared = inverse * inverse;
        return (1.0 / 12 - (1.0 / 360 - inverseSquared / 1260) * inverseSquared) * inverse;
    }

    /** base^exponent by squaring: IEEE products only, so the same on every JVM, unlike Math.pow. */
    private static double power(double base, int exponent) {
        double result = 1;
        for (int e = exponent; e != 0; e >>>= 1) {
            if ((e & 1) != 0) {
                result *= base;
            }
            base *= base;
        }
        return result;
    }
}
