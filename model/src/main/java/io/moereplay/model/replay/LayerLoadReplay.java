package io.moereplay.model.replay;

import io.moereplay.model.hotness.WindowSpec;
import io.moereplay.model.routing.RoutingModel;

import java.util.function.Consumer;

/**
 * Replays a request trace's decode steps through one MoE layer and sums the routed load per
 * window: the per-layer unit of work of a routing replay, independent of every other layer.
 */
public final class LayerLoadReplay {

    private LayerLoadReplay() {}

    /**
     * Hands each window's load of {@code layer} to {@code windows}, in window order; windows
     * without decode steps are skipped. The steps are routed as {@link RoutedSteps} routes them.
     *
     * @param schedule {@code batching}'s decode steps over {@code requests}, recorded once
     */
    public static void replay(ReplayRequests requests, ContinuousBatching batching, DecodeSchedule schedule,
            RoutingModel model, int layer, WindowSpec window, Consumer<LayerWindowLoad> windows) {
        Accumulator open = new Accumulator(window, layer, model.experts(), windows);
        RoutedSteps.forEach(requests, batching, schedule, model.layer(layer), model.experts(),
                (step, start, tokens, context, counts) ->
                        open.add(window.windowOf(start, step), step, start, tokens, context, counts));
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
