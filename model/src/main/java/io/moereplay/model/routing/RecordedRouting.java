package io.moereplay.model.routing;

import io.moereplay.model.trace.Phase;

import java.util.Arrays;

/**
 * A token-level routing trace held compactly for replay: per layer, per recorded request, the
 * expert choices of its tokens in token order (two bytes an expert).
 *
 * <p>Which of a request's tokens are replayed: its decode tokens at that layer where it has any,
 * otherwise all of its tokens there (captures of prompt processing record prefill tokens only).
 * Requests are numbered in id order; {@link #requestIds()} gives the ids.
 *
 * <p>Built with {@link #builder}; rows must already be valid (the connectors' validating visitor
 * rejects out-of-range layers and experts and duplicate decisions).
 */
public final class RecordedRouting implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    private final int experts;
    private final int topK;
    private final long[] requestIds;
    // Per layer: tokenOffset[r]..tokenOffset[r+1] are request r's replayed tokens,
    // their choices at choices[token * topK .. + topK).
    private final int[][] tokenOffset;
    private final short[][] choices;
    private final long decisions;
    private final long[] leftOutIds;
    private final int[] leftOutMissingLayer;

    private RecordedRouting(int experts, int topK, long[] requestIds, int[][] tokenOffset,
            short[][] choices, long decisions, long[] leftOutIds, int[] leftOutMissingLayer) {
        this.experts = experts;
        this.topK = topK;
        this.requestIds = requestIds;
        this.tokenOffset = tokenOffset;
        this.choices = choices;
        this.decisions = decisions;
        this.leftOutIds = leftOutIds;
        this.leftOutMissingLayer = leftOutMissingLayer;
    }

    /**
     * @param layers recorded layers, numbered {@code 0..layers-1} (the trace shape's layer indexes)
     * @param experts experts per layer, at most {@value Short#MAX_VALUE}
     * @param topK choices per token and layer; every row must have exactly this many
     */
    public static Builder builder(int layers, int experts, int topK) {
        return new Builder(layers, experts, topK);
    }

    public int layers() {
        return choices.length;
    }

    public int experts() {
        return experts;
    }

    public int topK() {
        return topK;
    }

    /** Recorded request ids, ascending; a request's number is its position here. */
    public long[] requestIds() {
        return requestIds.clone();
    }

    public int requests() {
        return requestIds.length;
    }

    /** Routing decisions (tokens x layers x k) the trace holds for replay. */
    public long decisions() {
        return decisions;
    }

    /** Requests left out because some layer has no tokens of theirs. */
    public int incompleteRequests() {
        return leftOutIds.length;
    }

    /**
     * The first layer index (0..layers-1) at which a recorded request has no decision, or -1 when
     * the request is replayed or was never recorded: its rows are not replayed, so a reader
     * rejects them.
     */
    public int missingLayer(long requestId) {
        int at = Arrays.binarySearch(leftOutIds, requestId);
        return at >= 0 ? leftOutMissingLayer[at] : -1;
    }

    /** Replayable tokens of recorded request {@code request} at {@code layer}; may be 0. */
    public int tokens(int layer, int request) {
        return tokenOffset[layer][request + 1] - tokenOffset[layer][request];
    }

    /**
     * Adds 1 to {@code counts[e]} for each expert the request's {@code token}-th replayed token chose
     * at {@code layer}.
     */
    void addChoices(int layer, int request, int token, int[] counts) {
        int base = (tokenOffset[layer][request] + token) * topK;
        short[] layerChoices = choices[layer];
        for (int j = 0; j < topK; j++) {
            counts[layerChoices[base + j]]++;
        }
    }

    /** Collects rows in any order; {@link #build} sorts them. */
    public static final class Builder {
        private final int layers;
        private final int experts;
        private final int topK;
        private final LayerRows[] rows;

        private Builder(int layers, int experts, int topK) {
            if (layers < 1) {
                throw new IllegalArgumentException("layers " + layers + " must be at least 1");
            }
            if (experts < 1 || experts > Short.MAX_VALUE) {
                throw new IllegalArgumentException("experts " + experts + " is not in [1, " + Short.MAX_VALUE + "]");
            }
            if (topK < 1 || topK > experts) {
                throw new IllegalArgumentException("top-k " + topK + " is not in [1, " + experts + "]");
            }
            this.layers = layers;
            this.experts = experts;
            this.topK = topK;
            this.rows = new LayerRows[layers];
            for (int l = 0; l < layers; l++) {
                rows[l] = new LayerRows(topK);
            }
        }

        /**
         * One token's choices at one layer.
         *
         * @throws IllegalArgumentException when {@code k} is not the trace's top-k: recorded
         *     routing replays as recorded, so a model of another top-k cannot use it
         */
        public Builder add(long requestId, int tokenIndex, Phase phase, int layer, int[] chosen, int k) {
            if (k != topK) {
                throw new IllegalArgumentException("request " + requestId + ", token " + tokenIndex
                        + ", layer " + layer + " chose " + k + " experts, but the replay routes top-" + topK);
            }
            if (layer < 0 || layer >= layers) {
                throw new IllegalArgumentException("layer " + layer + " is not in [0, " + layers + ")");
            }
            rows[layer].add(requestId, tokenIndex, phase, chosen, k, experts);
            return this;
        }

        /**
         * The trace, keeping the requests recorded at every layer: a request missing from a layer
         * (its rows rejected, say) could not be replayed there. {@link #incompleteRequests} counts
         * those left out.
         */
        public RecordedRouting build() {
            long[] all = Arrays.stream(rows).flatMapToLong(LayerRows::requestIds).sorted().distinct().toArray();
            long[] ids = all;
            long[][] present = new long[layers][];
            for (int l = 0; l < layers; l++) {
                long[] here = rows[l].requestIds().sorted().distinct().toArray();
                present[l] = here;
                ids = Arrays.stream(ids).filter(id -> Arrays.binarySearch(here, id) >= 0).toArray();
            }
            long[] complete = ids;
            long[] leftOut = Arrays.stream(all).filter(id -> Arrays.binarySearch(complete, id) < 0).toArray();
            int[] missingLayer = new int[leftOut.length];
            for (int i = 0; i < leftOut.length; i++) {
                int l = 0;
                while (Arrays.binarySearch(present[l], leftOut[i]) >= 0) {
                    l++;
                }
                missingLayer[i] = l;
            }
            if (ids.length == 0) {
                throw new IllegalArgumentException(all.length == 0
                        ? "the routing trace holds no token decisions to replay"
                        : "no request of the routing trace is recorded at every layer");
            }
            int[][] offsets = new int[layers][];
            short[][] choices = new short[layers][];
            long decisions = 0;
            for (int l = 0; l < layers; l++) {
                offsets[l] = new int[ids.length + 1];
                choices[l] = rows[l].replayedChoices(ids, offsets[l]);
                decisions += choices[l].length;
            }
            return new RecordedRouting(experts, topK, ids, offsets, choices, decisions, leftOut, missingLayer);
        }
    }

    /** The rows of one layer, packed: key = (request, decode-first, token), then the choices. */
    private static final class LayerRows {
        private final int topK;
        private long[] requestIds = new long[64];
        private long[] order = new long[64];
        private short[] chosen = new short[64];
        private int size;

        LayerRows(int topK) {
            this.topK = topK;
            this.chosen = new short[64 * topK];
        }

        void add(long requestId, int tokenIndex, Phase phase, int[] experts, int k, int expertCount) {
            if (size == requestIds.length) {
                requestIds = Arrays.copyOf(requestIds, size * 2);
                order = Arrays.copyOf(order, size * 2);
                chosen = Arrays.copyOf(chosen, size * 2 * topK);
            }
            requestIds[size] = requestId;
            // Decode tokens sort before prefill tokens, each by token index.
            order[size] = ((phase == Phase.DECODE ? 0L : 1L) << 32) | (tokenIndex & 0xFFFF_FFFFL);
            for (int j = 0; j < k; j++) {
                if (experts[j] < 0 || experts[j] >= expertCount) {
                    throw new IllegalArgumentException("request " + requestId + ", token " + tokenIndex
                            + ": expert " + experts[j] + " is not in [0, " + expertCount + ")");
                }
                chosen[size * topK + j] = (short) experts[j];
            }
            size++;
        }

        java.util.stream.LongStream requestIds() {
            return Arrays.stream(requestIds, 0, size);
        }

        /** Fills {@code offsets} (by request number) and returns the replayed choices in order. */
        short[] replayedChoices(long[] ids, int[] offsets) {
            Integer[] rows = new Integer[size];
            boolean sorted = true;
            for (int i = 0; i < size; i++) {
                rows[i] = i;
                sorted &= i == 0 || compare(i - 1, i) <= 0;
            }
            // Traces are usually written request by request in token order: skip the boxed sort then.
            if (!sorted) {
                Arrays.sort(rows, this::compare);
            }
            short[] out = new short[size * topK];
            int written = 0;
            int i = 0;
            for (int r = 0; r < ids.length; r++) {
                offsets[r] = written;
                while (i < size && requestIds[rows[i]] < ids[r]) {
                    i++; // a request not recorded at every layer
                }
                int start = i;
                while (i < size && requestIds[rows[i]] == ids[r]) {
                    i++;
                }
                // Decode rows sort first: keep them alone if there are any.
                int end = start < i && order[rows[start]] >>> 32 == 0 ? firstPrefill(rows, start, i) : i;
                for (int row = start; row < end; row++) {
                    System.arraycopy(chosen, rows[row] * topK, out, written * topK, topK);
                    written++;
                }
            }
            offsets[ids.length] = written;
            return Arrays.copyOf(out, written * topK);
        }

        private int compare(int a, int b) {
            return requestIds[a] != requestIds[b]
                    ? Long.compare(requestIds[a], requestIds[b])
                    : Long.compare(order[a], order[b]);
        }

        private int firstPrefill(Integer[] rows, int start, int end) {
            int at = start;
            while (at < end && order[rows[at]] >>> 32 == 0) {
                at++;
            }
            return at;
        }
    }
}
