package io.moereplay.model.placement;

import io.moereplay.model.perf.ExpertPlacement;

/**
 * The baseline: experts in contiguous blocks, no replicas, the redundant slots left empty (what
 * expert-parallel serving does with no balancer). With one copy per expert, every
 * {@link DispatchRule} sends it all of its tokens.
 */
public record NoReplication() implements PlacementPolicy {

    private static final long serialVersionUID = 1L;

    @Override
    public String name() {
        return "none";
    }

    @Override
    public ExpertPlacement place(double[] load, SlotLayout layout, ExpertPlacement current) {
        layout.requireFits(load.length);
        return ExpertPlacement.contiguous(load.length, layout.gpus());
    }
}
