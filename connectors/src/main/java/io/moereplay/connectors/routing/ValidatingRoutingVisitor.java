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
 * (layer, expert). Duplicates are detected within one file, per request, for token positions up to
 * 2^31 / layers (far beyond any context length served today).
 */
public final class ValidatingRoutingVisitor implements RoutingVisitor {

    private final String fileName;
    private final TraceShape shape;
    private final RoutingVisitor downstream;
    private final Map<Long, BitSet> seenByRequest = new HashMap<>();
    private final BitSet seenLoads = new BitSet();
    private long lastRequest = -1;
    private BitSet lastSeen;

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
        if (problem == null && gates > 0) {
            problem = RoutingChecks.gateWeightProblem(java.util.Arrays.copyOf(gateWeights, gates), k);
            field = "gate_weights";
        }
        if (problem == null && !firstSighting(requestId, tokenIndex, shape.indexOf(layer))) {
            problem = "duplicate decision for request " + requestId + ", token " + tokenIndex
                    + ", layer " + layer;
            field = "token_idx";
        }
        if (problem != null) {
            downstream.reject(new Reject(fileName, row, field, problem));
            return;
        }
        downstream.decision(row, requestId, tokenIndex, phase, layer, experts, k, gateWeights, gates);
    }

    @Override
    public void load(long row, int layer, int expert, long tokens) {
        String problem = shape.layerProblem(layer);
        String field = "layer";
        if (problem == null) {
            problem = shape.expertProblem(expert);
            field = "expert";
        }
        if (problem == null) {
            int slot = shape.indexOf(layer) * shape.experts() + expert;
            if (seenLoads.get(slot)) {
                problem = "duplicate count for layer " + layer + ", expert " + expert;
            }
            seenLoads.set(slot);
        }
        if (problem != null) {
            downstream.reject(new Reject(fileName, row, field, problem));
            return;
        }
        downstream.load(row, layer, expert, tokens);
    }

    @Override
    public void reject(Reject reject) {
        downstream.reject(reject);
    }

    private boolean firstSighting(long requestId, int tokenIndex, int layerIndex) {
        if (requestId != lastRequest) {
            lastSeen = seenByRequest.computeIfAbsent(requestId, id -> new BitSet());
            lastRequest = requestId;
        }
        long bit = (long) tokenIndex * shape.layerCount() + layerIndex;
        if (bit > Integer.MAX_VALUE) {
            return true;
        }
        int index = (int) bit;
        boolean first = !lastSeen.get(index);
        lastSeen.set(index);
        return first;
    }

    private static String fieldOf(String problem) {
        if (problem.startsWith("request id")) {
            return "request_id";
        }
        if (problem.startsWith("token index")) {
            return "token_idx";
        }
        return problem.startsWith("layer") ? "layer" : "experts";
    }
}
