package io.moereplay.model.placement;

import io.moereplay.model.perf.ExpertPlacement;

import java.util.Arrays;
import java.util.Comparator;

/**
 * DeepSeek's expert-parallel load balancer (EPLB, github.com/deepseek-ai/EPLB), written out from
 * its published algorithm so that its README example reproduces exactly.
 *
 * <p><b>Hierarchical</b> (expert groups divide evenly over nodes): (1) pack expert groups onto
 * nodes by balanced packing of their loads, each node taking the same number of groups; (2)
 * within each node, give the redundant slots one at a time to the expert with the highest load
 * per replica ({@code argmax load / replicas}, first index on ties); (3) pack each node's replicas
 * onto its GPUs by balanced packing of their per-replica loads. <b>Global</b> (otherwise): the same
 * with one node and one group. Balanced packing takes items heaviest first (a stable sort, so ties
 * keep index order) and puts each on the lightest pack that still has room (first on ties).
 * Replicas of an expert split its load equally, as serving engines dispatch: it needs no
 * {@link DispatchRule}, fitting and filling every slot the same under either.
 *
 * @param groups expert groups (DeepSeek-V3: 8; 1 when the model has none)
 */
public record EplbPlacement(int groups) implements PlacementPolicy {

    private static final long serialVersionUID = 1L;

    public EplbPlacement {
        if (groups < 1) {
            throw new IllegalArgumentException("EPLB needs at least one expert group, not " + groups);
        }
    }

    @Override
    public String name() {
        return "eplb";
    }

    @Override
    public ExpertPlacement place(double[] load, SlotLayout layout, ExpertPlacement current) {
        layout.requireFits(load.length);
        return placement(load, layout.slots(), groups, layout.nodes(), layout.gpus());
    }

    /**
     * One layer's placement from its expert loads.
     *
     * @param load tokens per logical expert
     * @param replicas physical expert slots in all (experts plus redundant ones), divisible by
     *     {@code gpus}
     * @param groups expert groups (DeepSeek-V3: 8), dividing the experts
     * @param nodes nodes, dividing {@code gpus}
     * @param gpus GPUs in the expert-parallel group
     * @return each physical slot's logical expert ({@code phy2log}), in slot order; slot {@code s}
     *     lives on GPU {@code s / (replicas / gpus)}
     */
    public static int[] phy2log(double[] load, int replicas, int groups, int nodes, int gpus) {
        int experts = load.length;
        if (replicas < experts || replicas % gpus != 0 || gpus % nodes != 0 || experts % groups != 0) {
            throw new IllegalArgumentException(experts + " experts, " + replicas + " slots, " + groups + " groups, "
                    + nodes + " nodes, " + gpus + " GPUs: need slots >= experts, slots divisible by GPUs, GPUs by"
                    + " nodes and experts by groups");
        }
        if (groups % nodes != 0) {
            return hierarchical(load, replicas, 1, 1, gpus);
        }
        return hierarchical(load, replicas, groups, nodes, gpus);
    }

    /** The placement of {@link #phy2log} with each replica taking an equal share of its expert. */
    public static ExpertPlacement placement(double[] load, int replicas, int groups, int nodes, int gpus) {
        int[] slots = phy2log(load, replicas, groups, nodes, gpus);
        int[] count = new int[load.length];
        for (int expert : slots) {
            count[expert]++;
        }
        int perGpu = replicas / gpus;
        int[] gpu = new int[replicas];
        double[] share = new double[replicas];
        for (int s = 0; s < replicas; s++) {
            gpu[s] = s / perGpu;
            share[s] = 1.0 / count[slots[s]];
        }
        return new ExpertPlacement(gpus, load.length, slots, gpu, share);
    }

    private static int[] hierarchical(double[] load, int replicas, int groups, int nodes, int gpus) {
        int experts = load.length;
        int groupSize = experts / groups;
        int groupsPerNode = groups / nodes;
        int expertsPerNode = experts / nodes;
        int slotsPerNode = replicas / nodes;
        int slotsPerGpu = replicas / gpus;
        // 1. Groups onto nodes; "mlog" numbers experts node by node in packing order.
        double[] groupLoad = new double[groups];
        for (int e = 0; e < experts; e++) {
            groupLoad[e / groupSize] += load[e];
        }
        int[][] groupPacking = balancedPacking(groupLoad, nodes);
        int[] mlog2log = new int[experts];
        for (int g = 0; g < groups; g++) {
            int firstMlog = (groupPacking[0][g] * groupsPerNode + groupPacking[1][g]) * groupSize;
            for (int j = 0; j < groupSize; j++) {
                mlog2log[firstMlog + j] = g * groupSize + j;
            }
        }
        int[] out = new int[replicas];
        for (int node = 0; node < nodes; node++) {
            // 2. Redundant slots within the node.
            double[] nodeLoad = new double[expertsPerNode];
            for (int m = 0; m < expertsPerNode; m++) {
                nodeLoad[m] = load[mlog2log[node * expertsPerNode + m]];
            }
            int[] phy2mlog = new int[slotsPerNode];
            int[] count = new int[expertsPerNode];
            for (int m = 0; m < expertsPerNode; m++) {
                phy2mlog[m] = m;
                count[m] = 1;
            }
            for (int p = expertsPerNode; p < slotsPerNode; p++) {
                int best = 0;
                for (int m = 1; m < expertsPerNode; m++) {
                    if (nodeLoad[m] / count[m] > nodeLoad[best] / count[best]) {
                        best = m;
                    }
                }
                phy2mlog[p] = best;
                count[best]++;
            }
            // 3. The node's replicas onto its GPUs.
            double[] replicaLoad = new double[slotsPerNode];
            for (int p = 0; p < slotsPerNode; p++) {
                replicaLoad[p] = nodeLoad[phy2mlog[p]] / count[phy2mlog[p]];
            }
            int[][] gpuPacking = balancedPacking(replicaLoad, gpus / nodes);
            for (int p = 0; p < slotsPerNode; p++) {
                int slot = gpuPacking[0][p] * slotsPerGpu + gpuPacking[1][p];
                out[node * slotsPerNode + slot] = mlog2log[node * expertsPerNode + phy2mlog[p]];
            }
        }
        return out;
    }

    /**
     * EPLB's balanced packing: items heaviest first (stable), each onto the lightest pack with room
     * (first on ties), every pack taking {@code items / packs} items.
     *
     * @return {@code [0][i]} item i's pack, {@code [1][i]} its rank within the pack
     */
    static int[][] balancedPacking(double[] weight, int packs) {
        int items = weight.length;
        int perPack = items / packs;
        Integer[] order = new Integer[items];
        for (int i = 0; i < items; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> weight[i]).reversed());
        double[] packWeight = new double[packs];
        int[] packItems = new int[packs];
        int[][] out = new int[2][items];
        for (int item : order) {
            int best = -1;
            for (int p = 0; p < packs; p++) {
                if (packItems[p] < perPack && (best < 0 || packWeight[p] < packWeight[best])) {
                    best = p;
                }
            }
            out[0][item] = best;
            out[1][item] = packItems[best]++;
            packWeight[best] += weight[item];
        }
        return out;
    }
}
