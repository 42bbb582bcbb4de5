package io.moereplay.model.placement;

import io.moereplay.model.perf.ExpertPlacement;

import java.util.Arrays;

/**
 * Migration-aware re-placement: start from the placement in force and make at most
 * {@code maxMoves} weight copies, each time the change with the largest cut in the busiest GPU's
 * load per expert copied. Replicas split their expert's load equally (the router's table changes
 * for free; only weights cost). The changes, each relieving the busiest GPU:
 * <ul>
 *   <li>replicate one of its experts onto another GPU, into a free slot or over a spare replica
 *       of an expert that has more than one (1 copy);</li>
 *   <li>move one of its experts into another GPU's free slot (1 copy);</li>
 *   <li>swap one of its experts with one on another GPU (2 copies).</li>
 * </ul>
 * A change is scored by how far the busiest load falls, counting GPUs tied with the busiest as
 * the next ones to relieve, and stops early when no change helps. Full re-placement (EPLB,
 * greedy) moves most experts; this bounds the stop-the-world copy and keeps most of the gain.
 *
 * <p>Under {@link DispatchRule#SPLIT} the result's shares are then evened as greedy's are. Under
 * {@link DispatchRule#EQUAL} they stay equal, and the copies the budget has left fill empty slots
 * (an engine loads every slot), each with the replica that leaves the busiest GPU lightest. From
 * an engine's placement no slot is empty; from the contiguous layout, slots beyond the budget stay
 * empty.
 *
 * @param maxMoves expert weight copies allowed
 * @param dispatch how the router divides an expert's tokens among its replicas
 */
public record IncrementalRebalance(int maxMoves, DispatchRule dispatch) implements PlacementPolicy {

    private static final long serialVersionUID = 1L;
    private static final int FREE = -1;

    public IncrementalRebalance {
        if (maxMoves < 0) {
            throw new IllegalArgumentException("move budget " + maxMoves + " is negative");
        }
        java.util.Objects.requireNonNull(dispatch, "dispatch rule");
    }

    @Override
    public String name() {
        return "incremental";
    }

    @Override
    public boolean startsFromCurrent() {
        return true;
    }

    @Override
    public ExpertPlacement place(double[] load, SlotLayout layout, ExpertPlacement current) {
        layout.requireFits(load.length);
        ExpertPlacement start = current != null ? current : ExpertPlacement.contiguous(load.length, layout.gpus());
        if (start.gpus() != layout.gpus() || start.experts() != load.length) {
            throw new IllegalArgumentException("current placement has " + start.experts() + " experts on "
                    + start.gpus() + " GPUs, the layout " + load.length + " on " + layout.gpus());
        }
        Search search = new Search(load, layout, start);
        int moves = 0;
        while (moves < maxMoves && search.bestMove(maxMoves - moves)) {
            moves += search.applyBest();
        }
        if (dispatch == DispatchRule.EQUAL) {
            while (moves < maxMoves && search.fill()) {
                moves++;
            }
            return search.placement();
        }
        // The search scores replicas at equal shares; a splitting router can do better, as the
        // placement in force may already do, so the shares are evened as the greedy policy evens them.
        return GreedyMinMax.evenedShares(load, search.placement());
    }

    /** The slots, loads and the best change found in the current round. */
    private static final class Search {
        private final double[] load;
        private final int gpus;
        private final int slots;
        private final int[][] slotExpert;
        private final int[] count;
        private final double[] gpuLoad;
        private final double[] delta;
        private final int[] touched;
        private final boolean[] isTouched;
        private final double tolerance;
        private int touchedCount;
        private int[][] gpusOf;
        private int[] byLoad;
        private double bestScore;
        private int[] best;

        Search(double[] load, SlotLayout layout, ExpertPlacement start) {
            this.load = load;
            this.gpus = layout.gpus();
            this.slots = layout.slotsPerGpu();
            this.slotExpert = new int[gpus][slots];
            this.count = new int[load.length];
            this.gpuLoad = new double[gpus];
            this.delta = new double[gpus];
            this.touched = new int[gpus];
            this.isTouched = new boolean[gpus];
            this.tolerance = 1e-12 * Arrays.stream(load).sum();
            for (int[] row : slotExpert) {
                Arrays.fill(row, FREE);
            }
            int[] used = new int[gpus];
            int[] expert = start.replicaExpert();
            int[] gpu = start.replicaGpu();
            for (int r = 0; r < expert.length; r++) {
                if (used[gpu[r]] == slots) {
                    throw new IllegalArgumentException("current placement puts more than " + slots
                            + " experts on GPU " + gpu[r]);
                }
                slotExpert[gpu[r]][used[gpu[r]]++] = expert[r];
                count[expert[r]]++;
            }
        }

        /** Finds the best change costing at most {@code budget} copies; false when none helps. */
        boolean bestMove(int budget) {
            refresh();
            int busiest = byLoad[0];
            bestScore = 0;
            best = null;
            for (int a = 0; a < slots; a++) {
                int e = slotExpert[busiest][a];
                if (e == FREE) {
                    continue;
                }
                for (int g = 0; g < gpus; g++) {
                    if (g == busiest || hosts(g, e)) {
                        continue;
                    }
                    for (int b = 0; b < slots; b++) {
                        int f = slotExpert[g][b];
                        if (f == FREE) {
                            consider(1, replicate(e, g, FREE), 0, e, g, b, busiest, a);
                            consider(1, move(e, busiest, g), 1, e, g, b, busiest, a);
                        } else {
                            if (count[f] >= 2) {
                                consider(1, replicate(e, g, f), 0, e, g, b, busiest, a);
                            }
                            if (budget >= 2 && !hosts(busiest, f)) {
                                consider(2, swap(e, busiest, f, g), 2, e, g, b, busiest, a);
                            }
                        }
                    }
                }
            }
            return best != null;
        }

        /** Applies the change {@link #bestMove} found; returns the copies it cost. */
        int applyBest() {
            int kind = best[0];
            int e = best[1];
            int g = best[2];
            int b = best[3];
            int f = slotExpert[g][b];
            slotExpert[g][b] = e;
            if (kind == 0) {
                count[e]++;
                if (f != FREE) {
                    count[f]--;
                }
                return 1;
            }
            slotExpert[best[4]][best[5]] = kind == 1 ? FREE : f;
            return kind == 1 ? 1 : 2;
        }

        /**
         * Fills one empty slot with the replica that leaves the busiest GPU lightest (first GPU,
         * then expert, on ties); false when no slot can be filled.
         */
        boolean fill() {
            refresh();
            double bestMax = Double.POSITIVE_INFINITY;
            int[] fill = null;
            for (int g = 0; g < gpus; g++) {
                int b = freeSlot(g);
                for (int e = 0; b >= 0 && e < load.length; e++) {
                    if (!hosts(g, e)) {
                        stageReplica(e, g, FREE);
                        double max = maxAfter();
                        if (max < bestMax) {
                            bestMax = max;
                            fill = new int[] {g, b, e};
                        }
                    }
                }
            }
            if (fill == null) {
                return false;
            }
            slotExpert[fill[0]][fill[1]] = fill[2];
            count[fill[2]]++;
            return true;
        }

        private int freeSlot(int gpu) {
            for (int b = 0; b < slots; b++) {
                if (slotExpert[gpu][b] == FREE) {
                    return b;
                }
            }
            return -1;
        }

        ExpertPlacement placement() {
            int replicas = Arrays.stream(count).sum();
            int[] expert = new int[replicas];
            int[] gpu = new int[replicas];
            double[] share = new double[replicas];
            int r = 0;
            for (int g = 0; g < gpus; g++) {
                for (int e : slotExpert[g]) {
                    if (e != FREE) {
                        expert[r] = e;
                        gpu[r] = g;
                        share[r++] = 1.0 / count[e];
                    }
                }
            }
            return new ExpertPlacement(gpus, load.length, expert, gpu, share);
        }

        private void refresh() {
            Arrays.fill(gpuLoad, 0);
            int[] replicasOn = new int[load.length];
            for (int g = 0; g < gpus; g++) {
                for (int e : slotExpert[g]) {
                    if (e != FREE) {
                        gpuLoad[g] += load[e] / count[e];
                        replicasOn[e]++;
                    }
                }
            }
            gpusOf = new int[load.length][];
            for (int e = 0; e < load.length; e++) {
                gpusOf[e] = new int[replicasOn[e]];
            }
            Arrays.fill(replicasOn, 0);
            for (int g = 0; g < gpus; g++) {
                for (int e : slotExpert[g]) {
                    if (e != FREE) {
                        gpusOf[e][replicasOn[e]++] = g;
                    }
                }
            }
            Integer[] order = new Integer[gpus];
            for (int g = 0; g < gpus; g++) {
                order[g] = g;
            }
            // A stable sort, ties in GPU order; unboxed once here, not in every candidate's peakAfter.
            Arrays.sort(order, (x, y) -> Double.compare(gpuLoad[y], gpuLoad[x]));
            byLoad = new int[gpus];
            for (int i = 0; i < gpus; i++) {
                byLoad[i] = order[i];
            }
        }

        private boolean hosts(int gpu, int expert) {
            for (int e : slotExpert[gpu]) {
                if (e == expert) {
                    return true;
                }
            }
            return false;
        }

        /** A new replica of e on g, over one replica of {@code evicted} there (or a free slot). */
        private double replicate(int e, int g, int evicted) {
            stageReplica(e, g, evicted);
            return peakAfter();
        }

        private void stageReplica(int e, int g, int evicted) {
            double share = load[e] / count[e];
            double newShare = load[e] / (count[e] + 1);
            for (int h : gpusOf[e]) {
                add(h, newShare - share);
            }
            add(g, newShare);
            if (evicted != FREE) {
                double evictedShare = load[evicted] / count[evicted];
                double grown = load[evicted] / (count[evicted] - 1);
                add(g, -evictedShare);
                boolean skipped = false;
                for (int h : gpusOf[evicted]) {
                    if (h == g && !skipped) {
                        skipped = true;
                    } else {
                        add(h, grown - evictedShare);
                    }
                }
            }
        }

        private double move(int e, int from, int to) {
            double share = load[e] / count[e];
            add(from, -share);
            add(to, share);
            return peakAfter();
        }

        private double swap(int e, int eGpu, int f, int fGpu) {
            double difference = load[e] / count[e] - load[f] / count[f];
            add(eGpu, -difference);
            add(fGpu, difference);
            return peakAfter();
        }

        private void add(int gpu, double change) {
            if (!isTouched[gpu]) {
                isTouched[gpu] = true;
                touched[touchedCount++] = gpu;
            }
            delta[gpu] += change;
        }

        /**
         * The busiest load after the change: the changed GPUs' new loads and the busiest unchanged
         * GPU, leaving out GPUs tied with the busiest (later changes relieve them). Clears the
         * change.
         */
        private double peakAfter() {
            double busiest = gpuLoad[byLoad[0]];
            double peak = 0;
            for (int i = 0; i < touchedCount; i++) {
                peak = Math.max(peak, gpuLoad[touched[i]] + delta[touched[i]]);
            }
            for (int g : byLoad) {
                if (!isTouched[g] && gpuLoad[g] < busiest - tolerance) {
                    peak = Math.max(peak, gpuLoad[g]);
                    break;
                }
            }
            clear();
            return peak;
        }

        private void clear() {
            for (int i = 0; i < touchedCount; i++) {
                delta[touched[i]] = 0;
                isTouched[touched[i]] = false;
            }
            touchedCount = 0;
        }

        /** The busiest GPU's load after the staged change, every GPU counted. Clears the change. */
        private double maxAfter() {
            double max = 0;
            for (int g = 0; g < gpus; g++) {
                max = Math.max(max, gpuLoad[g] + delta[g]);
            }
            clear();
            return max;
        }

        /**
         * Keeps the change if it gains the most per copy so far: {@code kind} 0 replicates,
         * 1 moves, 2 swaps expert {@code e} into slot {@code b} of GPU {@code g}, from slot
         * {@code a} of GPU {@code from} (moves and swaps). Allocates only for a new best: it is
         * called for every candidate.
         */
        private void consider(int copies, double peak, int kind, int e, int g, int b, int from, int a) {
            double gain = gpuLoad[byLoad[0]] - peak;
            if (gain > tolerance && gain / copies > bestScore) {
                bestScore = gain / copies;
                best = new int[] {kind, e, g, b, from, a};
            }
        }
    }
}
