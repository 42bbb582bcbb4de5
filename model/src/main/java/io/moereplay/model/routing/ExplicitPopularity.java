package io.moereplay.model.routing;

import java.util.Arrays;

/**
 * Shares given outright, by popularity rank; they are scaled to sum to 1.
 *
 * @param weights non-negative, non-increasing, at least one positive; one per expert
 */
public record ExplicitPopularity(double[] weights) implements ExpertPopularity {

    public ExplicitPopularity {
        weights = weights.clone();
        double total = 0;
        for (int rank = 0; rank < weights.length; rank++) {
            if (!(weights[rank] >= 0) || Double.isInfinite(weights[rank])) {
                throw new IllegalArgumentException("weight " + weights[rank] + " of rank " + rank
                        + " must be a finite number >= 0");
            }
            if (rank > 0 && weights[rank] > weights[rank - 1]) {
                throw new IllegalArgumentException("weights must be non-increasing by rank: "
                        + Arrays.toString(weights));
            }
            total += weights[rank];
        }
        if (!(total > 0)) {
            throw new IllegalArgumentException("weights " + Arrays.toString(weights) + " are all 0");
        }
    }

    @Override
    public double[] weights() {
        return weights.clone();
    }

    @Override
    public double[] sharesByRank(int experts) {
        if (experts != weights.length) {
            throw new IllegalArgumentException(
                    weights.length + " explicit weights cannot spread over " + experts + " experts");
        }
        return Shares.normalize(weights.clone());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ExplicitPopularity that && Arrays.equals(weights, that.weights);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(weights);
    }

    @Override
    public String toString() {
        return "ExplicitPopularity" + Arrays.toString(weights);
    }
}
