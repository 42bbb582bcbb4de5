package io.moereplay.model.placement;

import java.io.Serializable;

/**
 * The expert-parallel group a layer's experts are placed on: {@code gpus} GPUs spread evenly over
 * {@code nodes}, each GPU holding up to {@code slotsPerGpu} experts' weights (the experts plus the
 * redundant slots, divided by the GPUs). GPU {@code g} lives on node {@code g / gpusPerNode()}.
 */
public record SlotLayout(int gpus, int nodes, int slotsPerGpu) implements Serializable {

    public SlotLayout {
        if (gpus < 1 || nodes < 1 || slotsPerGpu < 1 || gpus % nodes != 0) {
            throw new IllegalArgumentException(gpus + " GPUs on " + nodes + " nodes with " + slotsPerGpu
                    + " slots each: need at least one of each and the GPUs divisible by the nodes");
        }
    }

    /**
     * The layout holding {@code experts} plus {@code redundantSlots} replicas.
     *
     * @throws IllegalArgumentException when the slots do not divide evenly over the GPUs
     */
    public static SlotLayout of(int experts, int redundantSlots, int gpus, int nodes) {
        if (redundantSlots < 0 || gpus < 1 || (experts + redundantSlots) % gpus != 0) {
            throw new IllegalArgumentException(experts + " experts + " + redundantSlots + " redundant slots do not"
                    + " divide evenly over " + gpus + " GPUs");
        }
        return new SlotLayout(gpus, nodes, (experts + redundantSlots) / gpus);
    }

    public int slots() {
        return gpus * slotsPerGpu;
    }

    public int gpusPerNode() {
        return gpus / nodes;
    }

    public int node(int gpu) {
        return gpu / gpusPerNode();
    }

    /**
     * The most redundant slots that {@code gpus} GPUs can hold with at most one replica of an
     * expert per GPU: each GPU's slots must hold distinct experts, so no GPU may have more slots
     * than there are experts, {@code (experts + redundant) / gpus <= experts}. Up to that limit,
     * dealing the replicas round-robin over the GPUs keeps each GPU's experts distinct. For
     * example 16 experts on 4 GPUs allow 48 redundant slots (16 per GPU), not 64 (20 per GPU).
     */
    public static long maxRedundantSlots(int experts, int gpus) {
        return (long) experts * (gpus - 1);
    }

    /** @throws IllegalArgumentException when fewer slots than experts */
    void requireFits(int experts) {
        if (experts > slots()) {
            throw new IllegalArgumentException(experts + " experts do not fit in " + slots() + " slots (" + gpus
                    + " GPUs x " + slotsPerGpu + ")");
        }
    }
}
