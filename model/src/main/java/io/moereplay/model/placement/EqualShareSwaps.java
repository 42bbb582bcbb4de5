package io.moereplay.model.placement;

/**
 * Step 3 of {@link GreedyMinMax} under {@link DispatchRule#EQUAL}: with every replica taking
 * {@code 1/n} of its expert, the only way to relieve the busiest GPU is to change which replicas
 * it holds. Repeatedly swap one of its replicas with a lighter one on another GPU (neither GPU
 * may end up holding an expert twice), taking the swap that leaves the larger of the two GPUs'
 * loads smallest (the first found on ties: its slot, the GPU, that GPU's slot), while that is
 * below the busiest load. Each swap lowers the sorted vector of GPU loads, so the loop ends; it is capped at one
 * swap per replica to bound the time on large layers.
 */
final class EqualShareSwaps {

    private static final double TOLERANCE = 1e-12;

    private EqualShareSwaps() {}

    /**
     * Swaps in place.
     *
     * @param load tokens per expert
     * @param replicas replicas per expert
     * @param onGpu {@code [expert][gpu]} tokens, {@code load / replicas} where hosted
     * @param hosted {@code [expert][gpu]} whether the GPU holds a replica of the expert
     * @param gpuLoad tokens per GPU
     */
    static void refine(double[] load, int[] replicas, double[][] onGpu, boolean[][] hosted, double[] gpuLoad) {
        int experts = load.length;
        int gpus = gpuLoad.length;
        double tolerance = TOLERANCE * java.util.Arrays.stream(load).sum();
        double[] perReplica = new double[experts];
        int total = 0;
        for (int e = 0; e < experts; e++) {
            perReplica[e] = load[e] / replicas[e];
            total += replicas[e];
        }
        int[][] held = heldExperts(hosted, gpus);
        for (int swap = 0; swap < total; swap++) {
            int busiest = 0;
            for (int g = 1; g < gpus; g++) {
                if (gpuLoad[g] > gpuLoad[busiest]) {
                    busiest = g;
                }
            }
            double bestPeak = gpuLoad[busiest] - tolerance;
            int[] best = null;
            for (int a = 0; a < held[busiest].length; a++) {
                int e = held[busiest][a];
                for (int g = 0; g < gpus; g++) {
                    if (g == busiest || hosted[e][g]) {
                        continue;
                    }
                    for (int b = 0; b < held[g].length; b++) {
                        int f = held[g][b];
                        double difference = perReplica[e] - perReplica[f];
                        if (hosted[f][busiest] || difference <= 0) {
                            continue;
                        }
                        double peak = Math.max(gpuLoad[busiest] - difference, gpuLoad[g] + difference);
                        if (peak < bestPeak) {
                            bestPeak = peak;
                            best = new int[] {a, g, b};
                        }
                    }
                }
            }
            if (best == null) {
                return;
            }
            int e = held[busiest][best[0]];
            int f = held[best[1]][best[2]];
            move(e, busiest, best[1], perReplica, onGpu, hosted, gpuLoad);
            move(f, best[1], busiest, perReplica, onGpu, hosted, gpuLoad);
            held[busiest][best[0]] = f;
            held[best[1]][best[2]] = e;
        }
    }

    /** {@code [gpu]} the experts the GPU holds, in expert order. */
    private static int[][] heldExperts(boolean[][] hosted, int gpus) {
        int[][] held = new int[gpus][];
        for (int g = 0; g < gpus; g++) {
            int count = 0;
            for (boolean[] expert : hosted) {
                count += expert[g] ? 1 : 0;
            }
            held[g] = new int[count];
            int i = 0;
            for (int e = 0; e < hosted.length; e++) {
                if (hosted[e][g]) {
                    held[g][i++] = e;
                }
            }
        }
        return held;
    }

    private static void move(int expert, int from, int to, double[] perReplica, double[][] onGpu, boolean[][] hosted,
            double[] gpuLoad) {
        hosted[expert][from] = false;
        hosted[expert][to] = true;
        onGpu[expert][from] = 0;
        onGpu[expert][to] = perReplica[expert];
        gpuLoad[from] -= perReplica[expert];
        gpuLoad[to] += perReplica[expert];
    }
}
