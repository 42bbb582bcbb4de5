package io.moereplay.model.synthetic;

/**
 * Walker's alias method: draws an index with given probabilities from one uniform double, whatever
 * the number of indices. Built by Vose's construction; rebuilding reuses the table's arrays, so a
 * table whose probabilities change (drifting popularity) allocates nothing after construction.
 *
 * <p>Not thread-safe.
 */
public final class AliasTable {

    private static final long ONE_BITS = Double.doubleToRawLongBits(1.0);

    // The probability of keeping each column's own index, as the bits of a non-negative double,
    // whose order as longs is the doubles' order: see draw().
    private final long[] keepBits;
    private final int[] alias;
    // Vose's work lists, kept for rebuilding.
    private final double[] scaled;
    private final int[] small;
    private final int[] large;

    /** A table over {@code probabilities.length} indices; see {@link #set}. */
    public AliasTable(double[] probabilities) {
        int n = probabilities.length;
        this.keepBits = new long[n];
        this.alias = new int[n];
        this.scaled = new double[n];
        this.small = new int[n];
        this.large = new int[n];
        set(probabilities);
    }

    /** Rebuilds the table for new probabilities, as many as before, non-negative, summing to 1. */
    public void set(double[] probabilities) {
        int n = keepBits.length;
        if (probabilities.length != n) {
            throw new IllegalArgumentException(
                    probabilities.length + " probabilities for an alias table of " + n);
        }
        int smallCount = 0;
        int largeCount = 0;
        for (int i = 0; i < n; i++) {
            scaled[i] = probabilities[i] * n;
            if (scaled[i] < 1.0) {
                small[smallCount++] = i;
            } else {
                large[largeCount++] = i;
            }
        }
        while (smallCount > 0 && largeCount > 0) {
            int less = small[--smallCount];
            int more = large[--largeCount];
            keepBits[less] = Double.doubleToRawLongBits(scaled[less]);
            alias[less] = more;
            scaled[more] = (scaled[more] + scaled[less]) - 1.0;
            if (scaled[more] < 1.0) {
                small[smallCount++] = more;
            } else {
                large[largeCount++] = more;
            }
        }
        // What is left is 1 up to rounding.
        while (largeCount > 0) {
            int i = large[--largeCount];
            keepBits[i] = ONE_BITS;
            alias[i] = i;
        }
        while (smallCount > 0) {
            int i = small[--smallCount];
            keepBits[i] = ONE_BITS;
            alias[i] = i;
        }
    }

    /** One index, with its probability. */
    public int draw(SplitMix64 random) {
        double u = random.nextDouble() * keepBits.length;
        int column = (int) u;
        // keep = u - column < keep probability, compared as bits and turned into a mask without a
        // branch: the branch is a coin flip that the CPU mispredicts half the time (4x slower).
        int keep = (int) ((Double.doubleToRawLongBits(u - column) - keepBits[column]) >> 63);
        return (column & keep) | (alias[column] & ~keep);
    }
}
