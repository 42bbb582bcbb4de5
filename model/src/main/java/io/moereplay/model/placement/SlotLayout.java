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

    /** @throws IllegalArgumentException when fewer slots than experts */
    void requireFits(int experts) {
        if (experts > slots()) {
            throw new IllegalArgumentException(experts + " experts do not fit in " + slots() + " slots (" + gpus
                    + " GPUs x " + slotsPerGpu + ")");
        }
    }
}
