package io.moereplay.model.routing;

import java.util.Arrays;
import java.util.Locale;

/**
 * Benchmark (not a test; run by bench/routing-bench): synthetic routing throughput on one thread,
 * in layer-steps per second (one {@link LayerRouter#route} call), for 64 experts with Zipf(1)
 * popularity at top-k 2 and 8 and batches of 1 to 2048 tokens, without drift and with a window
 * change every 50 steps.
 *
 * <p>Each case warms up for a second, then times {@code ROUNDS} rounds of about 0.3 s and prints the
 * median and best; the checksum of all counts drawn keeps the JIT from dropping the work.
 *
 * <p>Arguments: none, or {@code --quick} for shorter rounds (a smoke run).
 */
public final class SyntheticRoutingBench {

    private static final int EXPERTS = 64;
    private static final int[] TOP_K = {2, 8};
    private static final int[] BATCHES = {1, 16, 128, 512, 2048};
    private static final int ROUNDS = 7;
    private static final long STEP_MICROS = 20_000;

    private SyntheticRoutingBench() {}

    public static void main(String[] args) {
        boolean quick = args.length > 0 && args[0].equals("--quick");
        long warmUpNanos = quick ? 100_000_000L : 1_000_000_000L;
        long roundNanos = quick ? 30_000_000L : 300_000_000L;
        System.out.printf(Locale.ROOT, "synthetic routing, %d experts, Zipf s=1, one thread, %s%n",
                EXPERTS, Runtime.version());
        System.out.printf(Locale.ROOT, "%5s %6s %8s %16s %16s %16s%n",
                "top-k", "batch", "drift", "median steps/s", "best steps/s", "ns/step (med)");
        long checksum = 0;
        for (int topK : TOP_K) {
            for (int batch : BATCHES) {
                for (PopularityDrift drift : new PopularityDrift[] {
                        PopularityDrift.NONE, new PopularityDrift(0.5, 0.9, 50 * STEP_MICROS)}) {
                    Case result = run(topK, batch, drift, warmUpNanos, roundNanos);
                    checksum += result.checksum;
                    System.out.printf(Locale.ROOT, "%5d %6d %8s %,16.0f %,16.0f %16.1f%n", topK, batch,
                            drift.drifts() ? "50 steps" : "none", result.median, result.best, 1e9 / result.median);
                }
            }
        }
        System.out.println("checksum " + checksum);
    }

    private record Case(double median, double best, long checksum) {}

    private static Case run(int topK, int batch, PopularityDrift drift, long warmUpNanos, long roundNanos) {
        SyntheticRoutingModel model = new SyntheticRoutingModel(SyntheticRoutingSpec.of(
                1, EXPERTS, topK, new ZipfMandelbrotPopularity(1.0, 0), drift, 42));
        LayerRouter router = model.layer(0);
        int[] counts = new int[EXPERTS];
        Clock clock = new Clock(batch);
        long checksum = 0;
        long steps = 1000;
        long start = System.nanoTime();
        while (System.nanoTime() - start < warmUpNanos) {
            checksum += clock.route(router, counts, steps);
        }
        // Rounds of a fixed step count, sized from the warm-up's pace.
        long stepsPerRound = Math.max(1000, clock.stepsDone * roundNanos / (System.nanoTime() - start));
        double[] rates = new double[ROUNDS];
        for (int round = 0; round < ROUNDS; round++) {
            long t0 = System.nanoTime();
            checksum += clock.route(router, counts, stepsPerRound);
            rates[round] = stepsPerRound * 1e9 / (System.nanoTime() - t0);
        }
        Arrays.sort(rates);
        return new Case(rates[ROUNDS / 2], rates[ROUNDS - 1], checksum);
    }

    /** Feeds a router steps of one batch size, 20 ms apart on the trace clock. */
    private static final class Clock {
        private final DecodeStep[] steps = new DecodeStep[1024];
        private long stepsDone;

        Clock(int batch) {
            for (int i = 0; i < steps.length; i++) {
                steps[i] = DecodeStep.ofTokens(i, 0, batch);
            }
        }

        long route(LayerRouter router, int[] counts, long n) {
            long checksum = 0;
            for (long i = 0; i < n; i++) {
                // Steps are reused, so their time is carried apart from them: rebuilt per 1024.
                int slot = (int) (stepsDone & 1023);
                if (slot == 0) {
                    rebuild();
                }
                router.route(steps[slot], counts);
                checksum += counts[(int) (stepsDone & (EXPERTS - 1))];
                stepsDone++;
            }
            return checksum;
        }

        private void rebuild() {
            for (int i = 0; i < steps.length; i++) {
                long index = stepsDone + i;
                steps[i] = new DecodeStep(index, index * STEP_MICROS, steps[i].requests(), steps[i].positions());
            }
        }
    }
}
