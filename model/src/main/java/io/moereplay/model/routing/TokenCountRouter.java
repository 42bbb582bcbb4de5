package io.moereplay.model.routing;

/**
 * A router that reads only a step's time and size, not which requests' tokens it holds (synthetic
 * routing draws counts from popularity): a replay can feed it a schedule computed once instead of
 * re-running the batching for every layer.
 */
public interface TokenCountRouter extends LayerRouter {

    /**
     * The same counts {@link #route(DecodeStep, int[])} writes for a step of {@code tokens} tokens
     * starting at {@code startMicros}; steps still come in order.
     */
    void route(long startMicros, int tokens, int[] counts);

    @Override
    default void route(DecodeStep step, int[] counts) {
        route(step.startMicros(), step.tokens(), counts);
    }
}
