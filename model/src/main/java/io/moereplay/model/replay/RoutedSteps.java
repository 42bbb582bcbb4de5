package io.moereplay.model.replay;

import io.moereplay.model.routing.LayerRouter;
import io.moereplay.model.routing.TokenCountRouter;

/**
 * Every decode step of a request trace routed through one layer, in step order: what a replay and a
 * straggler task do for each of their layers. A router that reads only step sizes ({@link
 * TokenCountRouter}) is fed the schedule recorded once; any other is fed the steps of the batching
 * re-run over the requests, which it needs for the requests' identities. Both give the same steps.
 */
public final class RoutedSteps {

    /** One routed step; {@code counts} (tokens per expert) is overwritten by the next step. */
    @FunctionalInterface
    public interface Visitor {
        void step(int step, long startMicros, int tokens, long contextTokens, int[] counts);
    }

    private RoutedSteps() {}

    /**
     * @param schedule {@code batching}'s decode steps over {@code requests}, recorded once
     * @param experts the layer's routed experts
     */
    public static void forEach(ReplayRequests requests, ContinuousBatching batching, DecodeSchedule schedule,
            LayerRouter router, int experts, Visitor visitor) {
        int[] counts = new int[experts];
        if (router instanceof TokenCountRouter byCount) {
            for (int step = 0; step < schedule.steps(); step++) {
                long start = schedule.startMicros(step);
                int tokens = schedule.tokens(step);
                byCount.route(start, tokens, counts);
                visitor.step(step, start, tokens, schedule.contextTokens(step), counts);
            }
        } else {
            batching.run(requests, step -> {
                router.route(step, counts);
                visitor.step(Math.toIntExact(step.index()), step.startMicros(), step.tokens(),
                        requests.contextTokens(step), counts);
            });
        }
    }
}
