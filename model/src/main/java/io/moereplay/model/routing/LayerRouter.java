package io.moereplay.model.routing;

/** Routes the decode steps of one replay through one MoE layer, in step order. Not thread-safe. */
public interface LayerRouter {

    /**
     * Writes into {@code counts[0..experts)} how many of the step's tokens chose each routed expert:
     * every count in {@code [0, step.tokens()]} (a token picks an expert at most once) and their sum
     * exactly {@code step.tokens() * topK}.
     */
    void route(DecodeStep step, int[] counts);
}
