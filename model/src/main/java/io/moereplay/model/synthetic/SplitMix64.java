package io.moereplay.model.synthetic;

/**
 * A small seeded random generator (Steele, Lea and Flood's SplitMix64) written out here rather
 * than taken from the JDK, so that a seed names the same trace on every JDK and machine. Doubles
 * come from the top 53 bits; logarithms use {@link StrictMath}, whose results the JDK specifies
 * bit for bit.
 *
 * <p>Not thread-safe: one per stream.
 */
public final class SplitMix64 {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    private static final double DOUBLE_UNIT = 0x1.0p-53;

    private long state;

    public SplitMix64(long seed) {
        this.state = seed;
    }

    /**
     * A generator for one independent stream of a seed: {@code stream} names what it draws (a
     * constant per purpose) and {@code index} which one (a request id, a layer id). Streams do not
     * depend on the order in which they are created, so any subset of a trace can be generated alone.
     */
    public static SplitMix64 stream(long seed, long stream, long index) {
        SplitMix64 random = new SplitMix64(0);
        random.restart(seed, stream, index);
        return random;
    }

    /**
     * Makes this generator the one {@link #stream} creates for the same arguments, without
     * allocating, for loops that open a stream per item.
     */
    public void restart(long seed, long stream, long index) {
        state = mix(mix(seed + stream * GOLDEN_GAMMA) + index * GOLDEN_GAMMA);
    }

    public long nextLong() {
        state += GOLDEN_GAMMA;
        return mix(state);
    }

    /** Uniform in [0, 1). */
    public double nextDouble() {
        return (nextLong() >>> 11) * DOUBLE_UNIT;
    }

    /** Uniform in [0, bound), bound positive; Lemire's unbiased method. */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound " + bound + " must be positive");
        }
        long r = (nextLong() >>> 32) * bound;
        if ((r & 0xFFFFFFFFL) < bound) {
            long threshold = (0x1_0000_0000L - bound) % bound;
            while ((r & 0xFFFFFFFFL) < threshold) {
                r = (nextLong() >>> 32) * bound;
            }
        }
        return (int) (r >>> 32);
    }

    /** Exponential with mean 1. */
    public double nextExponential() {
        return -StrictMath.log1p(-nextDouble());
    }

    /** Standard normal, by the Box-Muller transform (one of the pair is used). */
    public double nextGaussian() {
        double u = 1.0 - nextDouble(); // (0, 1]: keeps the logarithm finite
        double v = nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u)) * StrictMath.cos(2.0 * StrictMath.PI * v);
    }

    /** A uniformly random permutation of 0..n-1, by the Fisher-Yates shuffle. */
    public int[] permutation(int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int swap = out[i];
            out[i] = out[j];
            out[j] = swap;
        }
        return out;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
