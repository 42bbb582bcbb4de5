package io.moereplay.jobs.generate;

import io.moereplay.model.synthetic.SplitMix64;

import java.util.Arrays;

/**
 * Arrival times of a Poisson process whose rate is modulated in {@value #PERIOD_S} s periods by a
 * lognormal AR(1) factor: {@code x_p = rho x_{p-1} + sqrt(1 - rho^2) sigma z_p}, factor {@code
 * exp(x_p)}, the factors then scaled so that their mean over the horizon is exactly 1 (so a run
 * holds {@code rate x seconds} requests up to Poisson noise, 1/sqrt(n) relative). Within a period
 * arrivals are Poisson at {@code rate x factor}: exponential gaps, restarted at a period's end
 * (exact for a piecewise-constant rate, the exponential being memoryless).
 *
 * <p>Fitted to the Azure LLM 2023 conversation trace (19,366 requests over 3,502 s): its counts
 * per 10 s / 60 s / 300 s have an excess coefficient of variation (beyond Poisson) of 0.23 / 0.21 /
 * 0.18 and a lag-1 autocorrelation of 0.69 / 0.81 / 0.65; sigma 0.22 and rho 0.96 per 10 s give
 * 0.22 / 0.21 / 0.18 and 0.71 / 0.78 / 0.6 at its rate.
 */
final class BurstyArrivals {

    static final int PERIOD_S = 10;
    static final double SIGMA = 0.22;
    static final double RHO = 0.96;

    private BurstyArrivals() {}

    /**
     * Arrival times in microseconds from 0, ascending, over {@code seconds}.
     *
     * @param random the stream to draw from (rate factors first, then gaps)
     */
    static long[] draw(double requestsPerSecond, double seconds, SplitMix64 random) {
        int periods = (int) Math.ceil(seconds / PERIOD_S);
        double[] factor = factors(periods, random);
        long[] arrivals = new long[(int) Math.min(Integer.MAX_VALUE - 8, Math.ceil(requestsPerSecond * seconds * 1.1) + 16)];
        int n = 0;
        double t = 0;
        for (int p = 0; p < periods; p++) {
            double end = Math.min((p + 1) * (double) PERIOD_S, seconds);
            double rate = requestsPerSecond * factor[p];
            t = p * (double) PERIOD_S;
            while (true) {
                t += random.nextExponential() / rate;
                if (t >= end) {
                    break;
                }
                if (n == arrivals.length) {
                    arrivals = Arrays.copyOf(arrivals, n + n / 2);
                }
                arrivals[n++] = (long) (t * 1e6);
            }
        }
        return Arrays.copyOf(arrivals, n);
    }

    /** The periods' rate factors, mean exactly 1. */
    static double[] factors(int periods, SplitMix64 random) {
        double[] factor = new double[periods];
        double x = SIGMA * random.nextGaussian();
        double innovation = Math.sqrt(1 - RHO * RHO) * SIGMA;
        double sum = 0;
        for (int p = 0; p < periods; p++) {
            if (p > 0) {
                x = RHO * x + innovation * random.nextGaussian();
            }
            factor[p] = Math.exp(x);
            sum += factor[p];
        }
        for (int p = 0; p < periods; p++) {
            factor[p] *= periods / sum;
        }
        return factor;
    }
}
