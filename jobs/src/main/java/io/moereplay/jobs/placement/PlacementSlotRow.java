package io.moereplay.jobs.placement;

/**
 * One physical expert slot of a recommended placement.
 *
 * @param layer MoE layer
 * @param policy the policy that placed it
 * @param slot slot number, {@code gpu * slots per GPU + index on the GPU}
 * @param node the GPU's node
 * @param gpu the GPU
 * @param expert the logical expert whose weights the slot holds
 * @param share the fraction of that expert's tokens the slot takes
 * @param loadShare the fraction of the layer's tokens it takes
 */
public record PlacementSlotRow(int layer, String policy, int slot, int node, int gpu, int expert, double share,
        double loadShare) {}
