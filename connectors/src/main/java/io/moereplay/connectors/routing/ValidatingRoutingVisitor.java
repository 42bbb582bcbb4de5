package io.moereplay.connectors.routing;

import io.moereplay.model.trace.Phase;
import io.moereplay.model.trace.Reject;
import io.moereplay.model.trace.RoutingChecks;
import io.moereplay.model.trace.TraceShape;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * Passes on only the rows that are valid against the trace's shape and unique, rejecting the rest
 * with the reason: structural problems ({@link RoutingChecks}), a layer or expert id out of range,
 * a second decision for the same (request, token, layer), or a second count for the same
 * (window start or forward pass, layer, expert). Duplicates are detected within one file, per request, for token
 * positions up to 2^31 / layers (far beyond any context length served today).
 */
public final class ValidatingRoutingVisitor implements RoutingVisitor {

    private final String fileName;
    private final TraceShape shape;
    private final RoutingVisitor downstream;
    private final Map<Long, SeenKeys> seenByRequest = new HashMap<>();
    // Per counted interval (a replay window's start, an engine's forward pass, or UNTIMED): the
    // (layer, expert) slots seen.
    private final Map<Long, BitSet> seenLoads = new HashMap<>();
    private long currentPass = UNTIMED;
    // The last interval's slots: counts come interval by interval, so most rows skip the map.
    private long lastInterval = Long.MIN_VALUE;
    private BitSet lastIntervalSeen;
    private long lastRequest = -1;
    private SeenKeys lastSeen;

    public ValidatingRoutingVisitor(String fileName, TraceShape shape, RoutingVisitor downstream) {
        this.fileName = fileName;
        this.shape = shape;
        this.downstream = downstream;
    }

    @Override
    public void decision(long row, long requestId, int tokenIndex, Phase phase, int layer,
            int[] experts, int k, float[] gateWeights, int gates) {
        String problem = RoutingChecks.problem(requestId, tokenIndex, layer, experts, k);
        String field = problem == null ? "" : fieldOf(problem);
        if (problem == null) {
            problem = shape.layerProblem(layer);
            field = "layer";
        }
        for (int i = 0; problem == null && i < k; i++) {
            problem = shape.expertProblem(experts[i]);
            field = "experts";
        }
        if (problem == null && gates > 0 && !plainlyValid(gateWeights, gates, k)) {
            problem = RoutingChecks.gateWeightProblem(java.util.Arrays.copyOf(gateWeights, gates), k);
            field = "gate_weights";
        }
        if (problem == null && !firstSighting(requestId, tokenIndex, shape.indexOf(layer))) {
            problem = "duplicate decision for request " + requestId + ", token " + tokenIndex
                    + ", layer " + layer;
            field = "token_index";
        }
        if (problem != null) {
            downstream.reject(new Reject(fileName, row, field, problem));
            return;
        }
        downstream.decision(row, requestId, tokenIndex, phase, layer, experts, k, gateWeights, gates);
    }

    @Override
    public void load(long row, long startMicros, int layer, int expert, long tokens) {
        String problem = shape.layerProblem(layer);
        String field = "layer";
        if (problem == null) {
            problem = shape.expertProblem(expert);
            field = "expert";
        }
        if (problem == null) {
            int slot = shape.indexOf(layer) * shape.experts() + expert;
            // Engine formats count per forward pass and are untimed; no file mixes the two.
            long interval = startMicros == UNTIMED ? currentPass : startMicros;
            if (interval != lastInterval) {
                lastIntervalSeen = seenLoads.computeIfAbsent(interval, start -> new BitSet());
                lastInterval = interval;
            }
            BitSet seen = lastIntervalSeen;
            if (seen.get(slot)) {
                problem = "duplicate count for layer " + layer + ", expert " + expert + (startMicros != UNTIMED
                        ? " in the window starting at " + startMicros + " us"
                        : currentPass != UNTIMED ? " in forward pass " + currentPass : "");
            }
            seen.set(slot);
        }
        if (problem != null) {
            downstream.reject(new Reject(fileName, row, field, problem));
            return;
        }
        downstream.load(row, startMicros, layer, expert, tokens);
    }

    @Override
    public void pass(long pass) {
        currentPass = pass;
        downstream.pass(pass);
    }

    @Override
    public void reject(Reject reject) {
        downstream.reject(reject);
    }

    @Override
    public boolean needsGateWeights() {
        return downstream.needsGateWeights();
    }

    /**
     * True when {@link RoutingChecks#gateWeightProblem} would find nothing: k finite non-negative
     * weights. Checked in place, as it is for every row; the copy and message only for a bad row.
     */
    private static boolean plainlyValid(float[] gateWeights, int gates, int k) {
        if (gates != k) {
            return false;
        }
        for (int i = 0; i < gates; i++) {
            float weight = gateWeights[i];
            // False for NaN, negative and infinite weights alike.
            if (!(weight >= 0 && weight <= Float.MAX_VALUE)) {
                return false;
            }
        }
        return true;
    }

    private boolean firstSighting(long requestId, int tokenIndex, int layerIndex) {
        if (requestId != lastRequest) {
            lastSeen = seenByRequest.computeIfAbsent(requestId, id -> new SeenKeys());
            lastRequest = requestId;
        }
        long bit = (long) tokenIndex * shape.layerCount() + layerIndex;
        if (bit > Integer.MAX_VALUE) {
            return true;
        }
        return lastSeen.add((int) bit);
    }

    /**
     * The (token, layer) keys of one request seen so far: a bit set whose words start at the
     * request's lowest key rather than at 0. A request's tokens start at its prompt length, so a
     * plain {@link BitSet} would allocate, zero and keep thousands of empty words per request.
     */
    private static final class SeenKeys {
        private long[] words = new long[4];
        private int firstWord = -1;

        /** Marks a key, at least 0; true when it was not marked before. */
        boolean add(int key) {
            int word = key >>> 6;
            if (firstWord < 0) {
                firstWord = word;
            } else if (word < firstWord) {
                // Grown downwards with as much room again, for keys arriving in falling order.
                int shift = Math.min(firstWord, Math.max(firstWord - word, words.length));
                long[] grown = new long[words.length + shift];
                System.arraycopy(words, 0, grown, shift, words.length);
                words = grown;
                firstWord -= shift;
            }
            int at = word - firstWord;
            if (at >= words.length) {
                words = java.util.Arrays.copyOf(words, Math.max(2 * words.length, at + 1));
            }
            long mask = 1L << key;
            boolean first = (words[at] & mask) == 0;
            words[at] |= mask;
            return first;
        }
    }

    private static String fieldOf(String problem) {
        if (problem.startsWith("request id")) {
            return "request_id";
        }
        if (problem.startsWith("token index")) {
            return "token_index";
        }
        return problem.startsWith("layer") ? "layer" : "experts";
    }
}
