package io.moereplay.model.routing;

import io.moereplay.model.replay.ReplayRequests;

import java.util.Arrays;

/**
 * Replays a recorded routing trace against a request trace ({@code recorded}).
 *
 * <p><b>Requests.</b> When every replayed request's id is a recorded request id, each replays its
 * own routing. Otherwise the traces come from different places (a production request trace and a
 * captured routing trace) and the mapping is by order: the i-th request in serving order (arrival,
 * then id) replays the routing of recorded request {@code i mod R}, recorded requests taken in id
 * order. <b>Tokens.</b> A request's decode token {@code p} replays that recorded request's
 * {@code (p mod T)}-th token at the layer, {@code T} its replayed tokens there (see
 * {@link RecordedRouting}), so requests longer than their recording cycle through it.
 * <b>Layers.</b> Model layer {@code l} replays recorded layer {@code l mod L}; a model with as
 * many MoE layers as the trace maps them one to one.
 */
public final class RecordedRoutingModel implements RoutingModel {

    private final RecordedRouting trace;
    private final int layers;
    private final int[] recordedOf;
    private final boolean byId;

    /**
     * @param trace the recorded routing
     * @param requests the replayed requests
     * @param layers the model's MoE layers
     * @param experts the model's routed experts per layer: must equal the trace's
     */
    public RecordedRoutingModel(RecordedRouting trace, ReplayRequests requests, int layers, int experts) {
        if (experts != trace.experts()) {
            throw new IllegalArgumentException("the routing trace has " + trace.experts()
                    + " experts per layer but the model routes over " + experts
                    + "; recorded routing replays onto a model of the same expert count");
        }
        if (layers < 1) {
            throw new IllegalArgumentException("layers " + layers + " must be at least 1");
        }
        this.trace = trace;
        this.layers = layers;
        this.recordedOf = new int[requests.size()];
        long[] ids = trace.requestIds();
        boolean allKnown = true;
        for (int i = 0; i < requests.size() && allKnown; i++) {
            recordedOf[i] = Arrays.binarySearch(ids, requests.id(i));
            allKnown = recordedOf[i] >= 0;
        }
        this.byId = allKnown;
        if (!allKnown) {
            for (int i = 0; i < requests.size(); i++) {
                recordedOf[i] = i % ids.length;
            }
        }
    }

    @Override
    public String name() {
        return "recorded";
    }

    @Override
    public int layers() {
        return layers;
    }

    @Override
    public int experts() {
        return trace.experts();
    }

    @Override
    public int topK() {
        return trace.topK();
    }

    /** True when requests map to recorded requests by id, false when by order. */
    public boolean mappedById() {
        return byId;
    }

    /** The recorded request (number in id order) that replay request {@code index} replays. */
    public int recordedRequest(int index) {
        return recordedOf[index];
    }

    @Override
    public LayerRouter layer(int layer) {
        if (layer < 0 || layer >= layers) {
            throw new IllegalArgumentException("layer " + layer + " is not in [0, " + layers + ")");
        }
        int recordedLayer = layer % trace.layers();
        return (step, counts) -> {
            Arrays.fill(counts, 0, trace.experts(), 0);
            int[] requests = step.requests();
            int[] positions = step.positions();
            for (int i = 0; i < requests.length; i++) {
                int recorded = recordedOf[requests[i]];
                // Every kept recorded request has tokens at every layer (RecordedRouting.build).
                trace.addChoices(recordedLayer, recorded, positions[i] % trace.tokens(recordedLayer, recorded), counts);
            }
        };
    }
}
