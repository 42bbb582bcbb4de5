package io.moereplay.model.routing;

/**
 * Decides which experts the tokens of a decode step visit: replayed from a recorded routing trace
 * ({@code recorded}) or drawn from a calibrated distribution ({@code synthetic}).
 *
 * <p>A replay asks for one {@link LayerRouter} per MoE layer and feeds it every step in order, so a
 * router may keep state from step to step (a random stream, drifting popularity). Layers are
 * independent of each other, which is what lets a replay run its layers in parallel and still
 * give the same loads.
 */
public interface RoutingModel {

    /** The model's name as the command line spells it, e.g. {@code synthetic}. */
    String name();

    /** MoE layers, numbered {@code 0..layers-1}. */
    int layers();

    /** Routed experts per layer, numbered {@code 0..experts-1}. */
    int experts();

    /** Routed experts each token visits per layer. */
    int topK();

    /**
     * A fresh router for one layer, positioned before the first step; two routers of the same
     * layer fed the same steps give the same counts.
     */
    LayerRouter layer(int layer);
}
