package io.moereplay.model.routing;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Benchmark (not a test; run by bench/routing-bench): synthetic routing throughput on one thread,
 * in layer-steps per second (one {@link LayerRouter#route} call), for 64 experts with Zipf(1)
 * popularity at top-k 2 and 8 and batches of 1 to 2048 tokens, without drift and with a window
 * change every 50 steps.
 *
 * <p>Each case warms up for a second, then times {@value #ROUNDS} rounds of about 0.3 s and prints
 * the median and best, and a checksum of the counts drawn, which keeps the JIT from dropping the
 * work.
 *
 * <p>Arguments: {@code [--quick] [--header] [TOPK BATCH none|drift]}: every case, or only one (the
 * script runs each in its own JVM, so that one case's profile does not shape another's compiled code);
 * {@code --quick} for short rounds (a smoke run); {@code --header} prints the table's header before
 * a single case.
 */
public final class SyntheticRoutingBench {

    private static final int EXPERTS = 64;
    private static final int[] TOP_K = {2, 8};
    private static final int[] BATCHES = {1, 16, 128, 512, 2048};
    private static final int ROUNDS = 7;
    private static final long STEP_MICROS = 20_000;

    private SyntheticRoutingBench() {}

    public static void main(String[] args) {
        List<String> flags = Arrays.stream(args).filter(a -> a.startsWith("--")).toList();
        List<String> only = Arrays.stream(args).filter(a -> !a.startsWith("--")).toList();
        boolean quick = flags.contains("--quick");
        long warmUpNanos = quick ? 100_000_000L : 1_000_000_000L;
        long roundNanos = quick ? 30_000_000L : 300_000_000L;
        if (only.isEmpty() || flags.contains("--header")) {
            System.out.printf(Locale.ROOT, "synthetic routing, %d experts, Zipf s=1, one thread, %s%n",
                    EXPERTS, Runtime.version());
            System.out.printf(Locale.ROOT, "%5s %6s %8s %16s %16s %14s %12s%n",
                    "top-k", "batch", "drift", "median steps/s", "best steps/s", "ns/step (med)", "checksum");
        }
        int[] topKs = only.isEmpty() ? TOP_K : new int[] {Integer.parseInt(only.get(0))};
        int[] batches = only.isEmpty() ? BATCHES : new int[] {Integer.parseInt(only.get(1))};
        List<Boolean> drifts = only.isEmpty() ? List.of(false, true) : List.of(only.get(2).equals("drift"));
        for (int topK : topKs) {
            for (int batch : batches) {
                for (boolean drifting : drifts) {
                    PopularityDrift drift = drifting ? new PopularityDrift(0.5, 0.9, 50 * STEP_MICROS)
                            : PopularityDrift.NONE;
                    Case result = run(topK, batch, drift, warmUpNanos, roundNanos);
                    System.out.printf(Locale.ROOT, "%5d %6d %8s %,16.0f %,16.0f %14.1f %12d%n", topK, batch,
                            drifting ? "50 steps" : "none", result.median, result.best,
                            1e9 / result.median, result.checksum);
                }
            }
        }
    }

    private record Case(double median, double best, long checksum) {}

    private static Case run(int topK, int batch, PopularityDrift drift, long warmUpNanos, long roundNanos) {
        SyntheticRoutingModel model = new SyntheticRoutingModel(SyntheticRoutingSpec.of(
                1, EXPERTS, topK, new ZipfMandelbrotPopularity(1.0, 0), drift, 42));
        LayerRouter router = model.layer(0);
        int[] counts = new int[EXPERTS];
        Clock clock = new Clock(batch, drift.drifts());
        long checksum = 0;
        long start = System.nanoTime();
        while (System.nanoTime() - start < warmUpNanos) {
            checksum += clock.route(router, counts, 1000);
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

    /**
     * Feeds a router steps of one batch size, 20 ms apart on the trace clock. Steps are reused in a
     * cycle of 1024; with drift their times must keep advancing, so each cycle is rebuilt (about one
     * small allocation a step, as a replay's scheduler makes one step for all layers).
     */
    private static final class Clock {
        private final DecodeStep[] steps = new DecodeStep[1024];
        private final boolean advancesTime;
        private long stepsDone;

        Clock(int batch, boolean advancesTime) {
            this.advancesTime = advancesTime;
            for (int i = 0; i < steps.length; i++) {
                steps[i] = DecodeStep.ofTokens(i, i * STEP_MICROS, batch);
            }
        }

        long route(LayerRouter router, int[] counts, long n) {
            long checksum = 0;
            for (long i = 0; i < n; i++) {
                int slot = (int) (stepsDone & 1023);
                if (slot == 0 && advancesTime && stepsDone > 0) {
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
