package io.moereplay.model.perf;

/**
 * Per GPU of one layer: tokens, expert time and what the sum needs on the way (active experts,
 * token-slots, back-to-back savings). Mutable scratch, reused from layer to layer so the straggler
 * job's inner loop (tens of millions of layer-steps) allocates nothing; one per thread.
 */
public final class RankLoads {

    private static final ThreadLocal<RankLoads> PER_THREAD = ThreadLocal.withInitial(RankLoads::new);

    double[] tokens = new double[0];
    double[] micros = new double[0];
    double[] saving = new double[0];
    long[] slots = new long[0];
    int[] active = new int[0];
    int gpus;

    /** This thread's scratch, cleared for {@code gpus} GPUs. */
    static RankLoads forThread(int gpus) {
        return PER_THREAD.get().clear(gpus);
    }

    /** Fresh arrays for {@code gpus} GPUs (for a caller that keeps the result). */
    static RankLoads fresh(int gpus) {
        return new RankLoads().clear(gpus);
    }

    private RankLoads clear(int gpus) {
        if (tokens.length < gpus) {
            tokens = new double[gpus];
            micros = new double[gpus];
            saving = new double[gpus];
            slots = new long[gpus];
            active = new int[gpus];
        }
        java.util.Arrays.fill(tokens, 0, gpus, 0);
        java.util.Arrays.fill(micros, 0, gpus, 0);
        java.util.Arrays.fill(saving, 0, gpus, 0);
        java.util.Arrays.fill(slots, 0, gpus, 0);
        java.util.Arrays.fill(active, 0, gpus, 0);
        this.gpus = gpus;
        return this;
    }
}
