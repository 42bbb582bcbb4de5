package io.moereplay.model.synthetic;

/**
 * A synthetic MoE router: at each layer, expert popularity follows Zipf's law over a seeded
 * permutation of the experts, so every layer has its own hot experts.
 *
 * <p>At layer {@code l} the expert of popularity rank {@code r} (0 = hottest) is
 * {@code permutation[l][r]}, with weight {@code 1 / (r + 1)^s}. A token's top-k is drawn without
 * replacement: the first choice with probability {@link #share}, each next one from the same
 * weights with the experts already chosen left out (redrawn). The choices are listed in draw order,
 * which is the router's rank order.
 *
 * <p>Draws use Walker's alias method: one uniform double per draw whatever the expert count.
 */
public final class ZipfRouter {

    private final int experts;
    private final double exponent;
    private final int[][] permutation;
    private final double[] shareOfRank;
    // Over ranks, shared by all layers; the permutation maps ranks to experts.
    private final AliasTable rankTable;

    /**
     * @param layers layer count, at least 1
     * @param experts experts per layer, at least 1
     * @param exponent Zipf exponent s, at least 0 (0 = uniform)
     * @param seed seeds the per-layer permutations
     */
    public ZipfRouter(int layers, int experts, double exponent, long seed) {
        if (layers < 1) {
            throw new IllegalArgumentException("layers " + layers + " must be at least 1");
        }
        if (experts < 1) {
            throw new IllegalArgumentException("experts " + experts + " must be at least 1");
        }
        if (!(exponent >= 0 && exponent <= 10)) {
            throw new IllegalArgumentException("Zipf exponent " + exponent + " is not in [0, 10]");
        }
        this.experts = experts;
        this.exponent = exponent;
        this.permutation = new int[layers][];
        for (int layer = 0; layer < layers; layer++) {
            permutation[layer] = SplitMix64.stream(seed, Streams.LAYER_PERMUTATION, layer).permutation(experts);
        }
        this.shareOfRank = zipfShares(experts, exponent);
        this.rankTable = new AliasTable(shareOfRank);
    }

    public int experts() {
        return experts;
    }

    public double exponent() {
        return exponent;
    }

    /** The expert of a popularity rank (0 = hottest) at a layer. */
    public int expertOfRank(int layer, int rank) {
        return permutation[layer][rank];
    }

    /** The probability that a draw at {@code layer} picks {@code expert}: its Zipf share. */
    public double share(int layer, int expert) {
        int[] ranks = permutation[layer];
        for (int rank = 0; rank < ranks.length; rank++) {
            if (ranks[rank] == expert) {
                return shareOfRank[rank];
            }
        }
        throw new IllegalArgumentException("expert " + expert + " is outside [0, " + experts + ")");
    }

    /**
     * Writes a token's top-k choices at a layer into {@code out[0..k)}: distinct experts in
     * draw (rank) order.
     *
     * @param k choices, in [1, experts]
     */
    public void choose(int layer, SplitMix64 random, int[] out, int k) {
        if (k < 1 || k > experts) {
            throw new IllegalArgumentException("top-k " + k + " is not in [1, " + experts + "]");
        }
        int[] ranks = permutation[layer];
        for (int i = 0; i < k; i++) {
            int expert;
            boolean taken;
            do {
                expert = ranks[rankTable.draw(random)];
                taken = false;
                for (int j = 0; j < i; j++) {
                    taken |= out[j] == expert;
                }
            } while (taken);
            out[i] = expert;
        }
    }

    private static double[] zipfShares(int n, double exponent) {
        double[] shares = new double[n];
        double total = 0;
        for (int rank = 0; rank < n; rank++) {
            shares[rank] = 1.0 / StrictMath.pow(rank + 1, exponent);
            total += shares[rank];
        }
        for (int rank = 0; rank < n; rank++) {
            shares[rank] /= total;
        }
        return shares;
    }
}
