package io.moereplay.model.replay;

import io.moereplay.model.hotness.WindowSpec;
import io.moereplay.model.routing.LayerRouter;
import io.moereplay.model.routing.RoutingModel;
import io.moereplay.model.routing.TokenCountRouter;

import java.util.function.Consumer;

/**
 * Replays a request trace's decode steps through one MoE layer and sums the routed load per
 * window: the per-layer unit of work of a routing replay, independent of every other layer.
 */
public final class LayerLoadReplay {

    private LayerLoadReplay() {}

    /**
     * Hands each window's load of {@code layer} to {@code windows}, in window order; windows
     * without decode steps are skipped. A router that reads only step sizes ({@link TokenCountRouter})
     * is fed {@code schedule}; any other is fed the steps of {@code batching} re-run over
     * {@code requests}, which it needs for the requests' identities. Both give the same steps.
     *
     * @param schedule {@code batching}'s decode steps over {@code requests}, recorded once
     */
    public static void replay(ReplayRequests requests, ContinuousBatching batching, DecodeSchedule schedule,
            RoutingModel model, int layer, WindowSpec window, Consumer<LayerWindowLoad> windows) {
        LayerRouter router = model.layer(layer);
        int experts = model.experts();
        int[] counts = new int[experts];
        Accumulator open = new Accumulator(window, layer, experts, windows);
        if (router instanceof TokenCountRouter byCount) {
            for (int step = 0; step < schedule.steps(); step++) {
                long start = schedule.startMicros(step);
                int tokens = schedule.tokens(step);
                byCount.route(start, tokens, counts);
                open.add(window.windowOf(start, step), step, start, tokens, schedule.contextTokens(step), counts);
            }
        } else {
            batching.run(requests, step -> {
                router.route(step, counts);
                open.add(window.windowOf(step.startMicros(), step.index()), step.index(), step.startMicros(),
                        step.tokens(), requests.contextTokens(step), counts);
            });
        }
        open.flush();
    }

    /** The window being summed. */
    private static final class Accumulator {
        private final WindowSpec spec;
        private final int layer;
        private final int experts;
        private final Consumer<LayerWindowLoad> out;
        private long window = -1;
        private long startMicros;
        private long firstStep;
        private long steps;
        private long decodeTokens;
        private long contextTokens;
        private long[] tokens;

        Accumulator(WindowSpec spec, int layer, int experts, Consumer<LayerWindowLoad> out) {
            this.spec = spec;
            this.layer = layer;
            this.experts = experts;
            this.out = out;
        }

        void add(long stepWindow, long step, long stepStart, int stepTokens, long stepContext, int[] counts) {
            if (stepWindow != window) {
                flush();
                window = stepWindow;
                Long windowStart = spec.startMicros(stepWindow);
                startMicros = windowStart != null ? windowStart : stepStart;
                firstStep = step;
                steps = 0;
                decodeTokens = 0;
                contextTokens = 0;
                tokens = new long[experts];
            }
            steps++;
            decodeTokens += stepTokens;
            contextTokens += stepContext;
            for (int e = 0; e < experts; e++) {
                tokens[e] += counts[e];
            }
        }

        void flush() {
            if (window >= 0) {
                out.accept(new LayerWindowLoad(window, startMicros, firstStep, steps, decodeTokens, contextTokens, layer,
                        tokens));
                window = -1;
            }
        }
    }
}
