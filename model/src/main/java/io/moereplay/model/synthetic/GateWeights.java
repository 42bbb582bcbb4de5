package io.moereplay.model.synthetic;

/**
 * Synthetic gate weights for a top-k choice: k exponential draws, normalised to sum to 1, sorted
 * descending to match the choices' rank order, and rounded to 4 decimals so that text traces stay
 * short and hold exactly what the Parquet trace holds.
 *
 * <p>Not thread-safe: holds a scratch buffer.
 */
final class GateWeights {

    private static final double STEPS = 10_000.0;

    private double[] raw = new double[0];

    /** Writes k weights into {@code out[0..k)}. */
    void draw(SplitMix64 random, float[] out, int k) {
        if (raw.length < k) {
            raw = new double[k];
        }
        double total = 0;
        for (int i = 0; i < k; i++) {
            // Insertion sort, descending: k is small.
            double value = random.nextExponential();
            total += value;
            int at = i;
            while (at > 0 && raw[at - 1] < value) {
                raw[at] = raw[at - 1];
                at--;
            }
            raw[at] = value;
        }
        for (int i = 0; i < k; i++) {
            double share = total > 0 ? raw[i] / total : 1.0 / k;
            out[i] = (float) (Math.round(share * STEPS) / STEPS);
        }
    }
}
