package io.moereplay.model.placement;

import io.moereplay.model.perf.ExpertPlacement;

import java.io.Serializable;

/**
 * A way to place one layer's experts, and replicas of the hot ones, on the GPUs of a
 * {@link SlotLayout} given each expert's load. Pure: the same inputs give the same placement.
 */
public interface PlacementPolicy extends Serializable {

    /** The name output rows carry, e.g. {@code eplb}. */
    String name();

    /**
     * @param load tokens (or any load measure) per logical expert
     * @param layout the GPUs, nodes and slots to fill
     * @param current the placement in force, which incremental policies start from; null means the
     *     default contiguous layout
     */
    ExpertPlacement place(double[] load, SlotLayout layout, ExpertPlacement current);

    /** Whether {@link #place} depends on {@code current}; false lets callers share one fit across chains. */
    default boolean startsFromCurrent() {
        return false;
    }
}
