package io.moereplay.model.routing;

/**
 * Zipf–Mandelbrot popularity: rank r (from 0) weighs {@code (r + 1 + offset)^-exponent}. An offset
 * of 0 is plain Zipf; a negative one (down to -1) sets the hottest expert further apart from the
 * rest, a large one flattens the head towards a geometric decay.
 *
 * @param exponent s, at least 0 (0 = uniform)
 * @param offset q, above -1
 */
public record ZipfMandelbrotPopularity(double exponent, double offset) implements ExpertPopularity {

    public ZipfMandelbrotPopularity {
        if (!(exponent >= 0) || Double.isInfinite(exponent)) {
            throw new IllegalArgumentException(
                    "Zipf-Mandelbrot exponent " + exponent + " must be a finite number >= 0");
        }
        if (!(offset > -1) || Double.isInfinite(offset)) {
            throw new IllegalArgumentException(
                    "Zipf-Mandelbrot offset " + offset + " must be a finite number > -1");
        }
    }

    @Override
    public double[] sharesByRank(int experts) {
        double[] weights = new double[experts];
        // Relative to the head, ((r + 1 + q) / (1 + q))^-s, so that a large s or q cannot underflow
        // every weight at once.
        for (int rank = 0; rank < experts; rank++) {
            weights[rank] = StrictMath.exp(-exponent * StrictMath.log1p(rank / (1 + offset)));
        }
        return Shares.normalize(weights);
    }
}
