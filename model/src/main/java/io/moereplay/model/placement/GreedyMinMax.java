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
 *   <li>under {@link DispatchRule#SPLIT}, fractions: repeatedly move load of an expert from the
 *       busiest GPU to the least loaded other GPU holding it, by as much as evens the two, until
 *       nothing moves; a replica's share can be anything in [0, 1]. Under
 *       {@link DispatchRule#EQUAL} the engine splits every expert evenly, so shares stay
 *       {@code 1/n} and the busiest GPU is relieved by swapping replicas instead (see
 *       {@link EqualShareSwaps}); step 1 then fills every slot, since an engine loads them all.</li>
 * </ol>
 *
 * <p>Worked example, equal shares: loads {@code {9, 9, 8, 7, 6, 6, 1}} (46 tokens) on 2 GPUs of
 * 4 slots, one redundant; the bound is 46 / 2 = 23.
 * <pre>
 * Step 1  the redundant slot to expert 0 (9 per replica, first of the 9s): 4.5 per replica
 * Step 2  heaviest first onto the lighter GPU with room that lacks the expert (first on ties):
 *         e1 9 -> G0; e2 8 -> G1; e3 7 -> G1 (8 &lt; 9); e4 6 -> G0; e5 6 -> G0 (15 = 15);
 *         e0 4.5 -> G1 (15 &lt; 21); e0 4.5 -> G0 (G1 holds e0); e6 1 -> G1 (G0 full)
 *         G0 {e1, e4, e5, e0} = 25.5, G1 {e2, e3, e0, e6} = 20.5
 * Step 3  swap e1 (9) on G0 with e3 (7) on G1: 23.5 / 22.5 (e1-e2 gives 24.5, e4-e6 25.5);
 *         no swap of a difference below 1 is left: max/mean 23.5 / 23 = 1.022
 * </pre>
 * No equal-share placement does better: with expert 0 on both GPUs the other six make 18 and 19
 * at best. Under {@link DispatchRule#SPLIT} step 3 instead sends 2.5 of expert 0's tokens from G0
 * to G1 after step 2: 23 / 23.
 *
 * @param dispatch how the router will divide an expert's tokens among its replicas
 */
public record GreedyMinMax(DispatchRule dispatch) implements PlacementPolicy {

    private static final long serialVersionUID = 1L;
    private static final double TOLERANCE = 1e-12;

    public GreedyMinMax {
        java.util.Objects.requireNonNull(dispatch, "dispatch rule");
    }

    @Override
    public String name() {
        return "greedy";
    }

    @Override
    public ExpertPlacement place(double[] load, SlotLayout layout, ExpertPlacement current) {
        int experts = load.length;
        int gpus = layout.gpus();
        layout.requireFits(experts);
        boolean equal = dispatch == DispatchRule.EQUAL;
        // Step 1: replica counts.
        int[] replicas = replicaCounts(load, layout.slots(), gpus, equal);
        double[][] onGpu = new double[experts][gpus];
        boolean[][] hosted = new boolean[experts][gpus];
        double[] gpuLoad = new double[gpus];
        // Step 2: replicas onto GPUs, heaviest first.
        placeReplicas(load, replicas, layout.slotsPerGpu(), onGpu, hosted, gpuLoad);
        // Step 3: relieve the busiest GPU as the dispatch rule allows.
        if (equal) {
            EqualShareSwaps.refine(load, replicas, onGpu, hosted, gpuLoad);
            return DispatchRule.EQUAL.dispatch(placement(load, onGpu, hosted, gpus));
        }
        evenFractions(load, onGpu, hosted, gpuLoad);
        return placement(load, onGpu, hosted, gpus);
    }

    /** @param fill give every slot a replica, even one of an expert no token chose */
    private static int[] replicaCounts(double[] load, int slots, int gpus, boolean fill) {
        int[] count = new int[load.length];
        Arrays.fill(count, 1);
        for (int slot = load.length; slot < slots; slot++) {
            int best = -1;
            for (int e = 0; e < load.length; e++) {
                if (count[e] < gpus && (best < 0 || load[e] / count[e] > load[best] / count[best])) {
                    best = e;
                }
            }
            if (best < 0 || (load[best] == 0 && !fill)) {
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
            if (best < 0) {
                best = makeRoom(e, slotsPerGpu, used, onGpu, hosted, gpuLoad);
            }
            double share = load[e] / replicas[e];
            used[best]++;
            hosted[e][best] = true;
            onGpu[e][best] += share;
            gpuLoad[best] += share;
        }
    }

    /**
     * Every GPU with a free slot already holds {@code expert} (the lightest replicas come last and
     * can meet this): moves another expert from a full GPU lacking {@code expert} into a free slot
     * and returns that GPU. One exists: the expert has a GPU left to go to, which is full, and holds
     * more experts than the GPU with room, so one that GPU lacks.
     */
    private static int makeRoom(int expert, int slotsPerGpu, int[] used, double[][] onGpu, boolean[][] hosted,
            double[] gpuLoad) {
        int room = 0;
        while (used[room] == slotsPerGpu) {
            room++;
        }
        for (int g = 0; g < gpuLoad.length; g++) {
            for (int f = 0; f < onGpu.length && !hosted[expert][g]; f++) {
                if (hosted[f][g] && !hosted[f][room]) {
                    hosted[f][g] = false;
                    hosted[f][room] = true;
                    onGpu[f][room] = onGpu[f][g];
                    gpuLoad[room] += onGpu[f][g];
                    gpuLoad[g] -= onGpu[f][g];
                    onGpu[f][g] = 0;
                    used[g]--;
                    used[room]++;
                    return g;
                }
            }
        }
        throw new IllegalStateException("no GPU can make room for expert " + expert);
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
