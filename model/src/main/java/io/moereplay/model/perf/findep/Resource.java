package io.moereplay.model.perf.findep;

/**
 * What runs the tasks of a disaggregated deployment. Each runs one task at a time, in the order the
 * schedule issues them (a CUDA stream, an NCCL channel); A2E and E2A are separate directions of a
 * full-duplex link, so they overlap each other.
 */
public enum Resource {
    ATTENTION_GROUP(true),
    EXPERT_GROUP(true),
    A2E_LINK(false),
    E2A_LINK(false);

    private final boolean compute;

    Resource(boolean compute) {
        this.compute = compute;
    }

    /** True for the GPU groups, false for the links. */
    public boolean compute() {
        return compute;
    }
}
