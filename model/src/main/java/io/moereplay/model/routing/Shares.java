package io.moereplay.model.routing;

/** In-place operations on share vectors. */
final class Shares {

    private Shares() {}

    /** Scales non-negative weights, not all 0, to sum to 1; returns them. */
    static double[] normalize(double[] weights) {
        double total = 0;
        for (double weight : weights) {
            total += weight;
        }
        for (int i = 0; i < weights.length; i++) {
            weights[i] /= total;
        }
        return weights;
    }

    /**
     * Makes shares feasible for top-k routing without replacement. An expert of share p is in a
     * token's top-k set with probability k p, which cannot pass 1: every share above 1/k is cut to
     * 1/k and what it loses is spread over the experts below the cap in proportion to their shares,
     * repeated until none is above (each round caps at least one more expert, so at most k rounds).
     * Needs at least k positive shares summing to 1; allocates nothing.
     */
    static void capForTopK(double[] shares, int topK) {
        double cap = 1.0 / topK;
        while (true) {
            int capped = 0;
            double uncapped = 0;
            boolean over = false;
            for (double share : shares) {
                if (share >= cap) {
                    capped++;
                    over |= share > cap;
                } else {
                    uncapped += share;
                }
            }
            if (!over) {
                return;
            }
            double scale = (1 - capped * cap) / uncapped;
            for (int i = 0; i < shares.length; i++) {
                if (shares[i] >= cap) {
                    shares[i] = cap;
                } else if (shares[i] > 0) {
                    shares[i] *= scale;
                }
            }
        }
    }

    /** How many shares are positive. */
    static int positive(double[] shares) {
        int count = 0;
        for (double share : shares) {
            count += share > 0 ? 1 : 0;
        }
        return count;
    }
}
