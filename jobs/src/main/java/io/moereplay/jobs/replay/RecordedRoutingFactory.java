package io.moereplay.jobs.replay;

import io.moereplay.connectors.routing.RoutingFormat;
import io.moereplay.connectors.routing.RoutingVisitor;
import io.moereplay.jobs.input.RoutingInputs;
import io.moereplay.jobs.input.RoutingTraceScan;
import io.moereplay.model.catalog.MoeModelSpec;
import io.moereplay.model.replay.ReplayRequests;
import io.moereplay.model.routing.RecordedRouting;
import io.moereplay.model.routing.RecordedRoutingModel;
import io.moereplay.model.routing.RoutingModel;
import io.moereplay.model.trace.Phase;
import io.moereplay.model.trace.Reject;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code recorded} routing model: a token-level routing trace read and validated on the client,
 * shipped to the tasks in compact form (two bytes a decision).
 */
final class RecordedRoutingFactory implements RoutingModelFactory {

    private static final long serialVersionUID = 1L;

    private final RecordedRouting trace;
    private final int layers;
    private final String source;

    private RecordedRoutingFactory(RecordedRouting trace, int layers, String source) {
        this.trace = trace;
        this.layers = layers;
        this.source = source;
    }

    /** Reads the trace; its rejects land in {@code scanOut[0]} for the rejects table. */
    static RecordedRoutingFactory read(RoutingInputs inputs, MoeModelSpec model, long maxRejects,
            RoutingTraceScan[] scanOut) throws IOException {
        String first = inputs.files().get(0).toString();
        if (inputs.format() == RoutingFormat.LOAD_COUNTS_JSON) {
            throw new IllegalArgumentException(first + ": load-count traces carry no per-token routing to"
                    + " replay; use them to calibrate the synthetic model (--routing-model synthetic --calibrate)");
        }
        if (inputs.shape().experts() != model.routedExperts()) {
            throw new IllegalArgumentException(first + ": the routing trace has " + inputs.shape().experts()
                    + " experts per layer but " + model.name() + " has " + model.routedExperts()
                    + "; recorded routing replays onto a model of the same expert count");
        }
        RecordedRouting.Builder builder = RecordedRouting.builder(inputs.shape().layerCount(),
                inputs.shape().experts(), model.topK());
        RecordedRowOrigins origins = new RecordedRowOrigins();
        scanOut[0] = RoutingTraceScan.read(inputs, maxRejects, fileIndex -> new RoutingVisitor() {
            @Override
            public void decision(long row, long requestId, int tokenIndex, Phase phase, int layer, int[] experts,
                    int k, float[] gateWeights, int gates) {
                try {
                    builder.add(requestId, tokenIndex, phase, layer, experts, k);
                    origins.add(fileIndex, row, requestId, k);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(first + ", row " + row + ": " + e.getMessage(), e);
                }
            }

            @Override
            public void load(long row, long startMicros, int layer, int expert, long tokens) {
                throw new IllegalStateException("unreachable: load-count traces are refused above");
            }

            @Override
            public void reject(Reject reject) {
                throw new IllegalStateException("unreachable: the scan collects rejects");
            }
        });
        RecordedRouting trace = builder.build();
        origins.rejectLeftOut(trace, inputs, scanOut[0]);
        return new RecordedRoutingFactory(trace, model.moeLayers(), inputs.files().toString());
    }

    @Override
    public RoutingModel create(ReplayRequests requests) {
        return new RecordedRoutingModel(trace, requests, layers, trace.experts());
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", "recorded");
        out.put("source", source);
        out.put("recorded_layers", trace.layers());
        out.put("recorded_requests", trace.requests());
        out.put("incomplete_requests_left_out", trace.incompleteRequests());
        out.put("recorded_decisions", trace.decisions());
        return out;
    }
}
