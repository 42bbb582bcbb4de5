package io.moereplay.connectors.engines;

import io.moereplay.connectors.engines.RoutedResponse.Segment;
import io.moereplay.connectors.routing.RoutingVisitor;
import io.moereplay.model.trace.Phase;
import io.moereplay.model.trace.Reject;

/**
 * Turns responses into rows, one per (sequence position, MoE layer), for one file. Keeps what the
 * file's responses must agree on: the layer count and top-k, and which layers are MoE layers.
 *
 * <p>SGLang (and vLLM before it counted MoE layers only) returns every hidden layer, and the dense
 * ones are never written, so their ids stay 0. A layer with no non-zero id in the file's first
 * captured response is taken for such a layer: its cells are not rows, and the remaining layers
 * are numbered 0, 1, 2, ... as MoE layers, as vLLM numbers them. (With top-k of 2 or more a
 * routed layer always names a non-zero expert; a top-1 model's response could in principle route
 * every token of a layer to expert 0.)
 */
final class RoutedRowEmitter {

    static final String PREFIX_CACHED = "prefix-cached position: the engine did not route it";
    static final String ALL_ZERO = "every routed expert id of this response is 0: the capture did not run"
            + " (a monolithic MoE kernel that bypasses select_experts leaves the buffer all zeros without an error);"
            + " not counted";

    private final String fileName;
    private final RoutingVisitor visitor;
    private int layers = -1;
    private int topK = -1;
    // Per returned layer, its MoE layer index, or -1 for a dense (never captured) layer; null until
    // a response with a capture has been seen.
    private int[] moeLayerOf;
    private int[] experts = new int[16];
    private final float[] noGates = new float[0];
    private boolean anyCapture;

    RoutedRowEmitter(String fileName, RoutingVisitor visitor) {
        this.fileName = fileName;
        this.visitor = visitor;
    }

    /** True once some response held a non-zero expert id. */
    boolean anyCapture() {
        return anyCapture;
    }

    /**
     * Pushes every row of the response to the visitor.
     *
     * @return the rows it held
     * @throws BadRecord before pushing anything, when its blocks disagree with each other or
     *     with the file's first response on layers or top-k
     */
    long emit(RoutedResponse response, long line, long requestId) throws BadRecord {
        checkShape(response);
        boolean captured = anyPositive(response);
        boolean allZero = !captured && anyZero(response);
        if (captured && moeLayerOf == null) {
            moeLayerOf = moeLayers(response);
        }
        anyCapture |= captured;
        long rows = 0;
        for (Segment segment : response.segments()) {
            ExpertIdBlock block = segment.ids();
            for (int r = 0; r < block.rows(); r++) {
                for (int layer = 0; layer < block.layers(); layer++) {
                    rows += emitCell(response, segment, r, layer, line, requestId, allZero);
                }
            }
        }
        return rows;
    }

    private int emitCell(RoutedResponse response, Segment segment, int r, int layer, long line, long requestId,
            boolean allZero) {
        ExpertIdBlock block = segment.ids();
        int at = block.offset(r, layer);
        int k = block.topK();
        int[] ids = block.ids();
        int notRouted = 0;
        int zeros = 0;
        for (int j = 0; j < k; j++) {
            notRouted += ids[at + j] == -1 ? 1 : 0;
            zeros += ids[at + j] == 0 ? 1 : 0;
        }
        int moeLayer = moeLayerOf == null ? layer : moeLayerOf[layer];
        if (moeLayer < 0 && zeros == k) {
            return 0; // a dense layer's unwritten cell: not a row
        }
        int position = segment.firstPosition() + r;
        String reason = null;
        if (moeLayer < 0) {
            reason = "returned layer " + layer + " had no routing in the file's first captured response (taken for"
                    + " a dense layer) but routes here";
        } else if (allZero) {
            reason = ALL_ZERO;
        } else if (segment.choice() > 0) {
            reason = "choice " + segment.choice() + " of a request sampled n > 1 times: only choice 0 is read, as each"
                    + " (request, token, layer) holds one decision";
        } else if (notRouted == k || position < response.cachedTokens()) {
            reason = PREFIX_CACHED;
        } else if (notRouted > 0) {
            reason = "mixes -1 (not routed) with expert ids";
        } else if (zeros == k && k > 1) {
            reason = "all " + k + " expert ids are 0: this layer was not captured for this token";
        }
        if (reason != null) {
            visitor.reject(new Reject(fileName, line, segment.field() + "[" + r + "][" + layer + "]", reason));
            return 1;
        }
        if (k > experts.length) {
            experts = new int[k];
        }
        System.arraycopy(ids, at, experts, 0, k);
        Phase phase = position < response.promptTokens() ? Phase.PREFILL : Phase.DECODE;
        visitor.decision(line, requestId, position, phase, moeLayer, experts, k, noGates, 0);
        return 1;
    }

    private void checkShape(RoutedResponse response) throws BadRecord {
        for (Segment segment : response.segments()) {
            ExpertIdBlock block = segment.ids();
            if (block.rows() == 0) {
                continue;
            }
            if (layers < 0) {
                layers = block.layers();
                topK = block.topK();
            } else if (block.layers() != layers || block.topK() != topK) {
                throw new BadRecord(segment.field(), segment.field() + " has " + block.layers() + " layers x top-"
                        + block.topK() + " where the file's first response has " + layers + " x top-" + topK
                        + "; one file holds one model's responses");
            }
        }
    }

    private static boolean anyPositive(RoutedResponse response) {
        return any(response, 1, Integer.MAX_VALUE);
    }

    /** With no positive id, a 0 means the capture never ran (-1 alone means cached positions). */
    private static boolean anyZero(RoutedResponse response) {
        return any(response, 0, 0);
    }

    private static boolean any(RoutedResponse response, int min, int max) {
        for (Segment segment : response.segments()) {
            ExpertIdBlock block = segment.ids();
            int[] ids = block.ids();
            int count = block.rows() * block.layers() * block.topK();
            for (int i = 0; i < count; i++) {
                if (ids[i] >= min && ids[i] <= max) {
                    return true;
                }
            }
        }
        return false;
    }

    private int[] moeLayers(RoutedResponse response) {
        boolean[] captured = new boolean[layers];
        for (Segment segment : response.segments()) {
            ExpertIdBlock block = segment.ids();
            for (int r = 0; r < block.rows(); r++) {
                for (int layer = 0; layer < block.layers(); layer++) {
                    for (int j = 0, at = block.offset(r, layer); j < block.topK(); j++) {
                        captured[layer] |= block.ids()[at + j] > 0;
                    }
                }
            }
        }
        int[] index = new int[layers];
        int next = 0;
        for (int layer = 0; layer < layers; layer++) {
            index[layer] = captured[layer] ? next++ : -1;
        }
        return index;
    }
}
