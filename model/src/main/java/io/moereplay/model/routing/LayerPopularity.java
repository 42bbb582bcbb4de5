package io.moereplay.model.routing;

import java.util.Arrays;

/**
 * One layer's popularity: the shares by rank and which expert holds each rank.
 *
 * @param shares the share of each popularity rank
 * @param expertOfRank entry r is the expert of rank r, a permutation of the layer's experts; null
 *     for a seeded shuffle (see {@link SyntheticRoutingModel}), so that layers differ in which
 *     experts are hot
 */
public record LayerPopularity(ExpertPopularity shares, int[] expertOfRank) implements java.io.Serializable {

    public LayerPopularity {
        if (shares == null) {
            throw new IllegalArgumentException("a layer popularity needs shares");
        }
        if (expertOfRank != null) {
            expertOfRank = expertOfRank.clone();
            boolean[] seen = new boolean[expertOfRank.length];
            for (int expert : expertOfRank) {
                if (expert < 0 || expert >= seen.length || seen[expert]) {
                    throw new IllegalArgumentException("expert order " + Arrays.toString(expertOfRank)
                            + " is not a permutation of 0.." + (seen.length - 1));
                }
                seen[expert] = true;
            }
        }
    }

    /** The shares over a seeded shuffle of the experts. */
    public static LayerPopularity shuffled(ExpertPopularity shares) {
        return new LayerPopularity(shares, null);
    }

    /** The shares with rank r held by {@code expertOfRank[r]}, as calibration keeps them. */
    public static LayerPopularity ranked(ExpertPopularity shares, int[] expertOfRank) {
        if (expertOfRank == null) {
            throw new IllegalArgumentException("a ranked layer popularity needs its expert order");
        }
        return new LayerPopularity(shares, expertOfRank);
    }

    @Override
    public int[] expertOfRank() {
        return expertOfRank == null ? null : expertOfRank.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LayerPopularity that && shares.equals(that.shares)
                && Arrays.equals(expertOfRank, that.expertOfRank);
    }

    @Override
    public int hashCode() {
        return 31 * shares.hashCode() + Arrays.hashCode(expertOfRank);
    }

    @Override
    public String toString() {
        return "LayerPopularity[" + shares + ", "
                + (expertOfRank == null ? "shuffled" : "experts by rank " + Arrays.toString(expertOfRank)) + "]";
    }
}
