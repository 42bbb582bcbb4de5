package io.moereplay.model.hotness;

/**
 * One expert's load in one layer and window.
 *
 * @param window window index
 * @param layer layer id
 * @param expert expert id
 * @param tokens token choices routed to the expert
 * @param share tokens / the layer's routed token choices in the window, in [0, 1]
 * @param rank 1 for the busiest expert of the layer; ties go to the lower expert id
 * @param loadOverMean tokens / (layer tokens / E)
 * @param hot whether tokens >= threshold x mean
 */
public record ExpertHotness(
        long window,
        int layer,
        int expert,
        long tokens,
        double share,
        int rank,
        double loadOverMean,
        boolean hot) {}
