package io.moereplay.model.perf.findep;

/**
 * The five tasks of one MoE layer under disaggregated expert parallelism. A micro-batch's attention
 * feeds its shared experts and its A2E dispatch; each dispatched segment runs on the experts and is
 * combined back; the next layer's attention for that micro-batch waits for every combined segment
 * and its shared experts.
 */
public enum TaskKind {
    ATTENTION('A', Resource.ATTENTION_GROUP),
    SHARED('S', Resource.ATTENTION_GROUP),
    /** A2E: tokens to the experts they are routed to. */
    DISPATCH('D', Resource.A2E_LINK),
    EXPERT('E', Resource.EXPERT_GROUP),
    /** E2A: expert outputs back to the attention group. */
    COMBINE('C', Resource.E2A_LINK);

    private final char code;
    private final Resource resource;

    TaskKind(char code, Resource resource) {
        this.code = code;
        this.resource = resource;
    }

    /** One letter for schedules printed in tests and docs. */
    public char code() {
        return code;
    }

    public Resource resource() {
        return resource;
    }

    /** Whether the task is per segment (dispatch, expert, combine) rather than per micro-batch. */
    public boolean perSegment() {
        return resource != Resource.ATTENTION_GROUP;
    }
}
