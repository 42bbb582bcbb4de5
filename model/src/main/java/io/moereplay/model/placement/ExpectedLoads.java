package io.moereplay.model.placement;

import io.moereplay.model.routing.DecodeStep;
import io.moereplay.model.routing.LayerRouter;
import io.moereplay.model.routing.RoutingModel;

/**
 * Each MoE layer's expert loads as a routing model draws them: what a placement is fitted to when
 * there is no trace of loads to fit it to (a candidate deployment being priced). Model layer
 * {@code l} uses routing layer {@code l mod L}, as the replays do.
 */
public final class ExpectedLoads {

    private ExpectedLoads() {}

    /**
     * @param routing a fresh routing model (drawing advances it)
     * @param moeLayers the model's MoE layers
     * @param tokensPerStep tokens in each drawn step
     * @param steps steps drawn per layer
     * @return {@code [layer][expert]} token choices
     */
    public static double[][] draw(RoutingModel routing, int moeLayers, int tokensPerStep, int steps) {
        double[][] loads = new double[moeLayers][routing.experts()];
        int[] counts = new int[routing.experts()];
        for (int layer = 0; layer < moeLayers; layer++) {
            LayerRouter router = routing.layer(layer % routing.layers());
            for (int step = 0; step < steps; step++) {
                router.route(DecodeStep.ofTokens(step, 0, tokensPerStep), counts);
                for (int e = 0; e < counts.length; e++) {
                    loads[layer][e] += counts[e];
                }
            }
        }
        return loads;
    }
}
