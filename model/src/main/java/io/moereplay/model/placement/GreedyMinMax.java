package io.moereplay.model.placement;

import io.moereplay.model.perf.ExpertPlacement;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * MegaScale-Infer's on-device redundancy (Section 6): minimise the busiest GPU's load
 * {@code max_j C_j}, where {@code C_j = sum_i x_ij a_i} and the allocation fractions {@code x_ij}
 * of each expert {@code i} over the GPUs hosting it sum to 1. The paper names a greedy
 * approximation without spelling it out; this one takes three greedy steps:
 * <ol>
 *   <li>replica counts: each redundant slot goes to the expert with the highest load per replica,
 *       an expert getting at most one replica per GPU;</li>
 *   <li>replicas onto GPUs, heaviest first (at equal split), each onto the least loaded GPU with a
 *       free slot that does not already hold that expert (longest-processing-time first);</li>
 *   <li>fractions: repeatedly move load of an expert from the busiest GPU to the least loaded
 *       other GPU holding it, by as much as evens the two, until nothing moves. Unlike EPLB's
 *       equal split, a replica's share can be anything in [0, 1].</li>
 * </ol>
 */
public record GreedyMinMax() implements PlacementPolicy {

    private static final long serialVersionUID = 1L;
    private static final double TOLERANCE = 1e-12;

    @Override
    public String name() {
        return "greedy";
    }

    @Override
    public ExpertPlacement place(double[] load, SlotLayout layout, ExpertPlacement current) {
        int experts = load.length;
        int gpus = layout.gpus();
        layout.requireFits(experts);
        int[] replicas = replicaCounts(load, layout.slots(), gpus);
        double[][] onGpu = new double[experts][gpus];
        boolean[][] hosted = new boolean[experts][gpus];
        double[] gpuLoad = new double[gpus];
        placeReplicas(load, replicas, layout.slotsPerGpu(), onGpu, hosted, gpuLoad);
        evenFractions(load, onGpu, hosted, gpuLoad);
        return placement(load, onGpu, hosted, gpus);
    }

    private static int[] replicaCounts(double[] load, int slots, int gpus) {
        int[] count = new int[load.length];
        Arrays.fill(count, 1);
        for (int slot = load.length; slot < slots; slot++) {
            int best = -1;
            for (int e = 0; e < load.length; e++) {
                if (count[e] < gpus && (best < 0 || load[e] / count[e] > load[best] / count[best])) {
                    best = e;
                }
            }
            if (best < 0 || load[best] == 0) {
                break;
            }
            count[best]++;
        }
        return count;
    }

    private static void placeReplicas(double[] load, int[] replicas, int slotsPerGpu, double[][] onGpu,
            boolean[][] hosted, double[] gpuLoad) {
        List<Integer> items = new ArrayList<>();
        for (int e = 0; e < load.length; e++) {
            for (int r = 0; r < replicas[e]; r++) {
                items.add(e);
            }
        }
        items.sort(Comparator.comparingDouble((Integer e) -> load[e] / replicas[e]).reversed());
        int[] used = new int[gpuLoad.length];
        for (int e : items) {
            int best = -1;
            for (int g = 0; g < gpuLoad.length; g++) {
                if (used[g] < slotsPerGpu && !hosted[e][g] && (best < 0 || gpuLoad[g] < gpuLoad[best])) {
                    best = g;
                }
            }
            double share = load[e] / replicas[e];
            used[best]++;
            hosted[e][best] = true;
            onGpu[e][best] += share;
            gpuLoad[best] += share;
        }
    }

    /**
     * {@code placement}'s replicas kept on their GPUs, each expert's load split among its replicas
     * (starting from the placement's shares) to even the GPUs' loads: the allocation fractions of
     * {@link #place}, for a placement another policy chose.
     */
    static ExpertPlacement evenedShares(double[] load, ExpertPlacement placement) {
        int gpus = placement.gpus();
        double[][] onGpu = new double[load.length][gpus];
        boolean[][] hosted = new boolean[load.length][gpus];
        double[] gpuLoad = new double[gpus];
        for (int r = 0; r < placement.replicas(); r++) {
            int e = placement.replicaExpert()[r];
            int g = placement.replicaGpu()[r];
            hosted[e][g] = true;
            onGpu[e][g] += placement.replicaShare()[r] * load[e];
            gpuLoad[g] += placement.replicaShare()[r] * load[e];
        }
        evenFractions(load, onGpu, hosted, gpuLoad);
        return placement(load, onGpu, hosted, gpus);
    }

    private static void evenFractions(double[] load, double[][] onGpu, boolean[][] hosted, double[] gpuLoad) {
        int gpus = gpuLoad.length;
        List<List<Integer>> expertsOn = new ArrayList<>();
        List<List<Integer>> gpusOf = new ArrayList<>();
        int replicas = 0;
        for (int g = 0; g < gpus; g++) {
            expertsOn.add(new ArrayList<>());
        }
        for (int e = 0; e < load.length; e++) {
            gpusOf.add(new ArrayList<>());
            for (int g = 0; g < gpus; g++) {
                if (hosted[e][g]) {
                    expertsOn.get(g).add(e);
                    gpusOf.get(e).add(g);
                    replicas++;
                }
            }
        }
        if (replicas == load.length) {
            return;
        }
        double minShift = TOLERANCE * Arrays.stream(load).sum();
        // Each move evens a pair of GPUs; a few per replica settle the split well below 1e-6.
        for (int iteration = 0; iteration < 16 * replicas; iteration++) {
            int busiest = 0;
            for (int g = 1; g < gpus; g++) {
                if (gpuLoad[g] > gpuLoad[busiest]) {
                    busiest = g;
                }
            }
            int bestExpert = -1;
            int bestTarget = -1;
            double bestShift = minShift;
            for (int e : expertsOn.get(busiest)) {
                for (int g : gpusOf.get(e)) {
                    double shift = Math.min(onGpu[e][busiest], (gpuLoad[busiest] - gpuLoad[g]) / 2);
                    if (g != busiest && shift > bestShift) {
                        bestShift = shift;
                        bestExpert = e;
                        bestTarget = g;
                    }
                }
            }
            if (bestExpert < 0) {
                return;
            }
            onGpu[bestExpert][busiest] -= bestShift;
            onGpu[bestExpert][bestTarget] += bestShift;
            gpuLoad[busiest] -= bestShift;
            gpuLoad[bestTarget] += bestShift;
        }
    }

    private static ExpertPlacement placement(double[] load, double[][] onGpu, boolean[][] hosted, int gpus) {
        List<int[]> slots = new ArrayList<>();
        for (int g = 0; g < gpus; g++) {
            for (int e = 0; e < load.length; e++) {
                if (hosted[e][g]) {
                    slots.add(new int[] {e, g});
                }
            }
        }
        int[] expert = new int[slots.size()];
        int[] gpu = new int[slots.size()];
        double[] share = new double[slots.size()];
        int[] copies = new int[load.length];
        slots.forEach(slot -> copies[slot[0]]++);
        for (int r = 0; r < slots.size(); r++) {
            int e = slots.get(r)[0];
            expert[r] = e;
            gpu[r] = slots.get(r)[1];
            // An expert no token chose in the window keeps its replicas, splitting nothing evenly.
            share[r] = load[e] > 0 ? Math.max(0, onGpu[e][gpu[r]] / load[e]) : 1.0 / copies[e];
        }
        return new ExpertPlacement(gpus, load.length, expert, gpu, share);
    }
}
