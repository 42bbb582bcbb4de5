package io.moereplay.model.routing;

/**
 * The independent random streams of a {@link SyntheticRoutingModel}, apart from those of
 * {@code synthetic.SyntheticTrace} so that one seed used for both draws unrelated numbers.
 */
final class RoutingStreams {

    /** Per layer: the shuffle that decides which experts are hot. */
    static final long LAYER_PERMUTATION = 16;
    /** Per layer: the step counts. */
    static final long LAYER_COUNTS = 17;
    /** Per layer: the seed of the layer's drift streams. */
    static final long LAYER_DRIFT = 18;
    /** Per window, under a layer's drift seed: that window's innovations. */
    static final long DRIFT_WINDOW = 19;

    private RoutingStreams() {}
}
