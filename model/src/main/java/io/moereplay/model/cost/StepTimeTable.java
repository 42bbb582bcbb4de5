package io.moereplay.model.cost;

import io.moereplay.model.perf.Deployment;
import io.moereplay.model.perf.LayerTiming;
import io.moereplay.model.routing.DecodeStep;
import io.moereplay.model.routing.LayerRouter;
import io.moereplay.model.routing.RoutingModel;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A deployment's decode step (the time between tokens) tabulated over batch size and mean context
 * per sequence, so that a replay of millions of steps costs a table lookup each. Each grid point
 * is the deployment's own timing of every MoE layer, with expert loads drawn from the routing
 * model (so a skewed router's straggler is in the step time); between grid points the table
 * interpolates linearly. Also tabulated: how busy the attention and expert GPUs are.
 *
 * <p>Layers are sampled (up to {@value #SAMPLED_LAYERS}, evenly spread, two draws each) and
 * scaled to the model's MoE layers; a pipelined deployment's fill is added once.
 */
public final class StepTimeTable implements Serializable {

    private static final long serialVersionUID = 1L;
    static final int SAMPLED_LAYERS = 8;
    private static final int DRAWS = 2;

    private final int[] batches;
    private final double[] contexts;
    private final double[][] stepMicros;
    private final double[][] attentionBusy;
    private final double[][] expertBusy;

    private StepTimeTable(int[] batches, double[] contexts, double[][] stepMicros, double[][] attentionBusy,
            double[][] expertBusy) {
        this.batches = batches;
        this.contexts = contexts;
        this.stepMicros = stepMicros;
        this.attentionBusy = attentionBusy;
        this.expertBusy = expertBusy;
    }

    /**
     * @param deployment the deployment whose layers are timed
     * @param routing draws each step's expert loads (its layers cycle over the model's)
     * @param moeLayers the model's MoE layers
     * @param maxBatch the largest batch tabulated
     * @param maxContext the largest mean context per sequence tabulated
     */
    public static StepTimeTable build(Deployment deployment, RoutingModel routing, int moeLayers, int maxBatch,
            long maxContext) {
        if (maxBatch < 1 || maxContext < 1) {
            throw new IllegalArgumentException("batch " + maxBatch + " and context " + maxContext + " must be positive");
        }
        int[] batches = grid(maxBatch);
        double[] contexts = contextGrid(maxContext);
        int sampled = Math.min(SAMPLED_LAYERS, moeLayers);
        LayerRouter[] routers = new LayerRouter[sampled];
        int[] layerOf = new int[sampled];
        for (int s = 0; s < sampled; s++) {
            layerOf[s] = (int) ((long) s * moeLayers / sampled);
            routers[s] = routing.layer(layerOf[s] % routing.layers());
        }
        double[][] step = new double[batches.length][contexts.length];
        double[][] attention = new double[batches.length][contexts.length];
        double[][] expert = new double[batches.length][contexts.length];
        int[] counts = new int[routing.experts()];
        long[] tokens = new long[routing.experts()];
        long drawIndex = 0;
        for (int i = 0; i < batches.length; i++) {
            int b = batches[i];
            for (int draw = 0; draw < DRAWS; draw++) {
                for (int s = 0; s < sampled; s++) {
                    routers[s].route(DecodeStep.ofTokens(drawIndex++, 0, b), counts);
                    for (int e = 0; e < counts.length; e++) {
                        tokens[e] = counts[e];
                    }
                    // Deployments add a pipeline's fill to layer 0 only; index moeLayers stands for layer 0
                    // without it (a per-layer deployment wraps it round to layer 0's placement).
                    int index = layerOf[s] == 0 ? moeLayers : layerOf[s];
                    for (int c = 0; c < contexts.length; c++) {
                        long contextTokens = Math.round(b * contexts[c]);
                        LayerTiming timing = deployment.layer(index, b, contextTokens, tokens);
                        double weight = (double) moeLayers / (sampled * DRAWS);
                        step[i][c] += weight * timing.stepShareMicros();
                        double stage = Math.max(timing.stepShareMicros(), 1e-9);
                        attention[i][c] += weight * busy(timing.attentionMicros(), timing, stage);
                        expert[i][c] += weight * busy(meanExpertMicros(timing), timing, stage);
                        if (s == 0 && draw == 0) {
                            step[i][c] += deployment.layer(0, b, contextTokens, tokens).stepShareMicros()
                                    - timing.stepShareMicros();
                        }
                    }
                }
            }
            for (int c = 0; c < contexts.length; c++) {
                attention[i][c] /= step[i][c];
                expert[i][c] /= step[i][c];
            }
        }
        return new StepTimeTable(batches, contexts, step, attention, expert);
    }

    /** The time of a decode step of {@code batch} sequences of mean context {@code meanContext}; 0 for none. */
    public double micros(int batch, double meanContext) {
        return interpolate(stepMicros, batch, meanContext);
    }

    /** The fraction of that step the attention GPUs compute. */
    public double attentionBusy(int batch, double meanContext) {
        return interpolate(attentionBusy, batch, meanContext);
    }

    /** The fraction of that step the expert GPUs compute, on average over them. */
    public double expertBusy(int batch, double meanContext) {
        return interpolate(expertBusy, batch, meanContext);
    }

    public int maxBatch() {
        return batches[batches.length - 1];
    }

    /**
     * A pool's busy time in one layer. Colocated layers (the layer's share is its critical path) run
     * attention and experts one after the other, so the pool is busy its own time. Pipelined ones
     * spend their share in micro-batch stages of {@code max(T_a, T_e)}, so the pool is busy its
     * time per stage in every stage.
     */
    private static double busy(double poolMicrosPerStage, LayerTiming timing, double stepShare) {
        if (Math.abs(timing.layerMicros() - stepShare) < 1e-9) {
            return poolMicrosPerStage;
        }
        double stage = Math.max(timing.attentionMicros(), timing.straggler().layerMicros());
        return stage > 0 ? poolMicrosPerStage * stepShare / stage : 0;
    }

    /** The expert GPUs' mean busy time: the busiest one's, scaled by mean over max tokens. */
    private static double meanExpertMicros(LayerTiming timing) {
        double max = timing.straggler().maxGpuTokens();
        return max == 0 ? 0 : timing.straggler().layerMicros() * timing.straggler().meanGpuTokens() / max;
    }

    private double interpolate(double[][] table, int batch, double meanContext) {
        if (batch <= 0) {
            return 0;
        }
        if (batch > maxBatch()) {
            throw new IllegalArgumentException("batch " + batch + " beyond the tabulated " + maxBatch());
        }
        int i = upper(batch);
        double c = Math.min(Math.max(meanContext, contexts[0]), contexts[contexts.length - 1]);
        int j = 1;
        while (j < contexts.length - 1 && contexts[j] < c) {
            j++;
        }
        double tc = (c - contexts[j - 1]) / (contexts[j] - contexts[j - 1]);
        double high = table[i][j - 1] + tc * (table[i][j] - table[i][j - 1]);
        if (batches[i] == batch || i == 0) {
            return high;
        }
        double low = table[i - 1][j - 1] + tc * (table[i - 1][j] - table[i - 1][j - 1]);
        double tb = (double) (batch - batches[i - 1]) / (batches[i] - batches[i - 1]);
        return low + tb * (high - low);
    }

    /** The first grid batch at or above {@code batch}. */
    private int upper(int batch) {
        int lo = 0;
        int hi = batches.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (batches[mid] < batch) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Every batch up to 16, then steps of about 12%, and the maximum. */
    static int[] grid(int maxBatch) {
        List<Integer> out = new ArrayList<>();
        for (int b = 1; b <= maxBatch; b = b < 16 ? b + 1 : (int) Math.ceil(b * 1.125)) {
            out.add(b);
        }
        if (out.get(out.size() - 1) != maxBatch) {
            out.add(maxBatch);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** 0, then powers of two up to the maximum (included). */
    static double[] contextGrid(long maxContext) {
        List<Double> out = new ArrayList<>(List.of(0.0));
        for (long c = 16; c < maxContext; c *= 2) {
            out.add((double) c);
        }
        out.add((double) maxContext);
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
