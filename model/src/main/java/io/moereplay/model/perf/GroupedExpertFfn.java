package io.moereplay.model.perf;

/**
 * Experts a GPU runs as one grouped kernel: a GPU's routed experts of a layer are timed together by
 * {@code grouped}; one expert on its own (a shared expert) by {@code alone}.
 *
 * @param alone one expert's FFN time on its own
 * @param grouped the grouped kernel over a GPU's active experts
 */
public record GroupedExpertFfn(ExpertFfnTime alone, GroupedMoeTime grouped) implements ExpertFfnTime {

    @Override
    public double micros(long tokens) {
        return alone.micros(tokens);
    }

    @Override
    public GroupedMoeTime groupedKernel() {
        return grouped;
    }
}
