package io.moereplay.jobs.bench;

import io.moereplay.connectors.catalog.HardwareCatalog;
import io.moereplay.connectors.catalog.ModelCatalog;
import io.moereplay.jobs.straggler.DeploymentSpecs;
import io.moereplay.jobs.straggler.ExpertKernels;
import io.moereplay.model.catalog.MoeModelSpec;
import io.moereplay.model.perf.Deployment;
import io.moereplay.model.perf.LayerTiming;
import io.moereplay.model.synthetic.SplitMix64;

import java.util.Arrays;
import java.util.Locale;

/**
 * {@code bench/straggler-bench} (a benchmark, not a test): simulated layer-steps per second on one
 * thread, one {@link Deployment#layer} call each: the serving model timing one MoE layer of one
 * decode step from its expert loads (straggler accounting, attention, communication). Loads are
 * drawn beforehand (skewed, seeded) so only the model is timed. Prints one line per
 * (deployment, batch): median and best of the timed rounds, and a checksum.
 *
 * <p>Usage: {@code StragglerBench MODEL ROUNDS DEPLOYMENT...}.
 */
public final class StragglerBench {

    private static final int LOAD_SETS = 1024;

    private StragglerBench() {}

    public static void main(String[] args) {
        MoeModelSpec model = ModelCatalog.builtIn().get(args[0]);
        int rounds = Integer.parseInt(args[1]);
        HardwareCatalog hardware = HardwareCatalog.builtIn();
        System.out.printf(Locale.ROOT, "%-70s %6s %14s %14s %12s%n", "deployment", "batch", "median steps/s",
                "best steps/s", "checksum");
        for (int i = 2; i < args.length; i++) {
            Deployment deployment = DeploymentSpecs.parse(args[i], model, hardware, ExpertKernels.roofline());
            for (int batch : new int[] {16, 128, 512}) {
                long[][] loads = loads(model, batch);
                double[] rates = new double[rounds];
                double checksum = 0;
                for (int round = -3; round < rounds; round++) {
                    long calls = 0;
                    long start = System.nanoTime();
                    long deadline = start + 300_000_000L;
                    while (System.nanoTime() < deadline) {
                        for (int s = 0; s < LOAD_SETS; s++) {
                            LayerTiming t = deployment.layer(s & 7, batch, batch * 2048L, loads[s]);
                            checksum += t.stepShareMicros();
                        }
                        calls += LOAD_SETS;
                    }
                    if (round >= 0) {
                        rates[round] = calls / ((System.nanoTime() - start) / 1e9);
                    }
                }
                Arrays.sort(rates);
                System.out.printf(Locale.ROOT, "%-70s %6d %,14.0f %,14.0f %12.4g%n", args[i], batch,
                        rates[rounds / 2], rates[rounds - 1], checksum);
            }
        }
    }

    /** Zipf(1.2) loads over the experts, batch x top-k choices per set. */
    private static long[][] loads(MoeModelSpec model, int batch) {
        SplitMix64 random = new SplitMix64(batch);
        int experts = model.routedExperts();
        double[] cumulative = new double[experts];
        double total = 0;
        for (int e = 0; e < experts; e++) {
            total += Math.pow(e + 1, -1.2);
            cumulative[e] = total;
        }
        long[][] out = new long[LOAD_SETS][experts];
        for (long[] set : out) {
            for (int choice = 0; choice < batch * model.topK(); choice++) {
                double u = random.nextDouble() * total;
                int e = 0;
                while (cumulative[e] < u) {
                    e++;
                }
                set[e]++;
            }
        }
        return out;
    }
}
