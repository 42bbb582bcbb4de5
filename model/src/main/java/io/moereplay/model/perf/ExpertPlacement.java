package io.moereplay.model.perf;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Where one layer's experts live: physical replicas, each a logical expert on a GPU with a share
 * of that expert's tokens (replicas of one expert share its load; shares of an expert sum to 1).
 * GPUs are numbered {@code 0..gpus-1}, logical experts {@code 0..experts-1}. A replica may take a
 * share of 0: its weights are resident but the router sends it nothing (a min-max split can
 * leave one idle until the load shifts). Immutable.
 */
public final class ExpertPlacement implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int gpus;
    private final int experts;
    private final int[] replicaExpert;
    private final int[] replicaGpu;
    private final double[] replicaShare;
    private final int maxExpertsPerGpu;

    public ExpertPlacement(int gpus, int experts, int[] replicaExpert, int[] replicaGpu, double[] replicaShare) {
        if (gpus < 1 || experts < 1) {
            throw new IllegalArgumentException(gpus + " GPUs and " + experts + " experts: both must be at least 1");
        }
        if (replicaExpert.length != replicaGpu.length || replicaGpu.length != replicaShare.length) {
            throw new IllegalArgumentException("replica arrays differ in length");
        }
        double[] shareOfExpert = new double[experts];
        for (int r = 0; r < replicaExpert.length; r++) {
            if (replicaExpert[r] < 0 || replicaExpert[r] >= experts || replicaGpu[r] < 0 || replicaGpu[r] >= gpus) {
                throw new IllegalArgumentException("replica " + r + " puts expert " + replicaExpert[r] + " on GPU "
                        + replicaGpu[r] + ", outside " + experts + " experts x " + gpus + " GPUs");
            }
            if (!(replicaShare[r] >= 0 && replicaShare[r] <= 1 + 1e-12)) {
                throw new IllegalArgumentException("replica " + r + " has share " + replicaShare[r] + ", not in [0, 1]");
            }
            shareOfExpert[replicaExpert[r]] += replicaShare[r];
        }
        for (int e = 0; e < experts; e++) {
            if (Math.abs(shareOfExpert[e] - 1) > 1e-9) {
                throw new IllegalArgumentException("expert " + e + "'s replica shares sum to " + shareOfExpert[e] + ", not 1");
            }
        }
        this.gpus = gpus;
        this.experts = experts;
        this.replicaExpert = replicaExpert.clone();
        this.replicaGpu = replicaGpu.clone();
        this.replicaShare = replicaShare.clone();
        int[] perGpu = new int[gpus];
        int most = 0;
        for (int gpu : replicaGpu) {
            most = Math.max(most, ++perGpu[gpu]);
        }
        this.maxExpertsPerGpu = most;
    }

    public int gpus() {
        return gpus;
    }

    public int experts() {
        return experts;
    }

    /**
     * No replicas: experts in contiguous blocks, expert {@code e} on GPU {@code e * gpus / experts}
     * (as expert-parallel serving lays them out by default); GPUs differ by at most one expert.
     */
    public static ExpertPlacement contiguous(int experts, int gpus) {
        int[] expert = new int[experts];
        int[] gpu = new int[experts];
        double[] share = new double[experts];
        for (int e = 0; e < experts; e++) {
            expert[e] = e;
            gpu[e] = (int) ((long) e * gpus / experts);
            share[e] = 1;
        }
        return new ExpertPlacement(gpus, experts, expert, gpu, share);
    }

    public int replicas() {
        return replicaExpert.length;
    }

    public int[] replicaExpert() {
        return replicaExpert.clone();
    }

    public int[] replicaGpu() {
        return replicaGpu.clone();
    }

    public double[] replicaShare() {
        return replicaShare.clone();
    }

    /** Tokens each GPU processes for the given per-expert tokens (replicas split theirs by share). */
    public double[] gpuTokens(long[] expertTokens) {
        double[] out = new double[gpus];
        for (int r = 0; r < replicaExpert.length; r++) {
            out[replicaGpu[r]] += replicaShare[r] * expertTokens[replicaExpert[r]];
        }
        return out;
    }

    /** Each GPU's load for the given per-expert loads (replicas split theirs by share). */
    public double[] gpuLoad(double[] expertLoad) {
        if (expertLoad.length != experts) {
            throw new IllegalArgumentException(expertLoad.length + " expert loads for a placement of " + experts + " experts");
        }
        double[] out = new double[gpus];
        for (int r = 0; r < replicaExpert.length; r++) {
            out[replicaGpu[r]] += replicaShare[r] * expertLoad[replicaExpert[r]];
        }
        return out;
    }

    /**
     * Each GPU's expert compute time, written into {@code micros}, and its tokens into
     * {@code tokens}; see {@link #gpuLoad(long[], ExpertFfnTime, RankLoads)}.
     */
    public void gpuLoad(long[] expertTokens, ExpertFfnTime ffn, double[] tokens, double[] micros) {
        RankLoads loads = RankLoads.forThread(gpus);
        gpuLoad(expertTokens, ffn, loads);
        System.arraycopy(loads.tokens, 0, tokens, 0, gpus);
        System.arraycopy(loads.micros, 0, micros, 0, gpus);
    }

    /**
     * Each GPU's tokens and expert compute time, into {@code loads}: replicas split their expert's
     * tokens by share, rounded to whole tokens per replica. With a grouped kernel a GPU runs its
     * active replicas as one kernel over their token-slots summed. Otherwise each replica runs its
     * own GEMMs over its own weights, one after another, so where the FFN model has a back-to-back
     * saving, a GPU of {@code n} active experts saves {@code (n - 1) / n} of their savings summed:
     * {@code (n - 1)} savings when they are alike.
     */
    void gpuLoad(long[] expertTokens, ExpertFfnTime ffn, RankLoads loads) {
        GroupedMoeTime grouped = ffn.groupedKernel();
        // This is the straggler job's hot path: only what the kernel needs is computed.
        boolean sequential = grouped == null;
        boolean saves = sequential && ffn.savesBackToBack();
        for (int r = 0; r < replicaExpert.length; r++) {
            int gpu = replicaGpu[r];
            double replicaTokens = replicaShare[r] * expertTokens[replicaExpert[r]];
            long whole = Math.round(replicaTokens);
            loads.tokens[gpu] += replicaTokens;
            if (whole > 0) {
                loads.active[gpu]++;
                loads.slots[gpu] += whole;
                if (sequential) {
                    loads.micros[gpu] += ffn.micros(whole);
                }
                if (saves) {
                    loads.saving[gpu] += ffn.backToBackSavingMicros(whole);
                }
            }
        }
        for (int g = 0; g < gpus; g++) {
            int active = loads.active[g];
            if (!sequential) {
                loads.micros[g] = grouped.micros(loads.slots[g], active);
            } else if (saves && active > 1) {
                loads.micros[g] -= loads.saving[g] * (active - 1) / active;
            }
        }
    }

    /** Each GPU's expert compute time (see {@link #gpuLoad}). */
    public double[] gpuMicros(long[] expertTokens, ExpertFfnTime ffn) {
        double[] tokens = new double[gpus];
        double[] micros = new double[gpus];
        gpuLoad(expertTokens, ffn, tokens, micros);
        return micros;
    }

    /**
     * The busiest GPU's expert time were the load perfectly even. Without replicas: every expert
     * given {@code tokensPerExpert}, so the GPU with the most experts sets it. With replicas, even
     * experts are not the ideal (a replicated expert halves), so: every GPU given the same tokens,
     * {@code tokensPerExpert * experts / gpus}, spread over its own replicas.
     */
    public double balancedMicros(long tokensPerExpert, ExpertFfnTime ffn) {
        if (replicaExpert.length == experts) {
            return inARow(maxExpertsPerGpu, tokensPerExpert, ffn);
        }
        int[] perGpu = new int[gpus];
        for (int gpu : replicaGpu) {
            perGpu[gpu]++;
        }
        double gpuTokens = (double) tokensPerExpert * experts / gpus;
        double max = 0;
        for (int count : perGpu) {
            if (count > 0) {
                max = Math.max(max, inARow(count, Math.round(gpuTokens / count), ffn));
            }
        }
        return max;
    }

    /** {@code count} experts of {@code tokens} tokens each on one GPU, back to back or grouped. */
    private static double inARow(int count, long tokens, ExpertFfnTime ffn) {
        GroupedMoeTime grouped = ffn.groupedKernel();
        if (grouped != null) {
            return tokens > 0 ? grouped.micros(count * tokens, count) : 0;
        }
        return count * ffn.micros(tokens) - (tokens > 0 && count > 1 ? (count - 1) * ffn.backToBackSavingMicros(tokens) : 0);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ExpertPlacement p && gpus == p.gpus && experts == p.experts
                && Arrays.equals(replicaExpert, p.replicaExpert) && Arrays.equals(replicaGpu, p.replicaGpu)
                && Arrays.equals(replicaShare, p.replicaShare);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * gpus + experts) + Arrays.hashCode(replicaExpert) * 7 + Arrays.hashCode(replicaGpu);
    }

    @Override
    public String toString() {
        return "ExpertPlacement[" + experts + " experts, " + replicaExpert.length + " replicas on " + gpus + " GPUs]";
    }
}
