package io.moereplay.model.catalog;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The shape of a Mixture-of-Experts transformer, enough to size its weights: how many parameters
 * it has in total, how many one token touches, and how many bytes one expert occupies.
 *
 * <p><b>Layers.</b> {@code layers} counts every transformer block (for an encoder-decoder model,
 * encoder plus decoder blocks). {@code moeLayers} of them carry a routed-expert FFN; the other
 * {@link #denseLayers()} carry one dense FFN of {@code denseIntermediateSize}. Sizing needs only the
 * counts; where the MoE layers sit ({@link #moeLayerIds()}: DeepSeek-V3 blocks 3-60 after 3 dense
 * ones, Llama-4-Maverick every other block from block 1) is how engines number a placement's layers.
 *
 * <p><b>FFNs.</b> A gated FFN (SwiGLU: gate, up, down) has {@code 3·h·i} weights; a plain one
 * (ReLU, as in T5/Switch) has {@code 2·h·i}. Each MoE layer holds {@code routedExperts} routed
 * experts of {@code expertIntermediateSize}, {@code sharedExperts} always-on shared experts of the
 * same size (DeepSeek's {@code n_shared_experts}·{@code moe_intermediate_size}), and a router of
 * {@code h·routedExperts}.
 *
 * <p><b>Attention.</b> Grouped-query attention ({@code mla == null}): Q and O are
 * {@code h·heads·headDim} each, K and V {@code h·kvHeads·headDim} each. Multi-head latent
 * attention ({@code mla != null}) is sized from its low-rank factors, see {@link Mla}.
 * {@code crossAttentionLayers} blocks (decoder blocks of an encoder-decoder model) carry a second,
 * cross-attention block of the same size.
 *
 * <p><b>Embeddings.</b> {@code vocabSize·h} for the input embedding plus the same again for the
 * LM head unless {@code tiedEmbeddings}.
 *
 * <p><b>Norms.</b> Two RMSNorm vectors of {@code h} per block (one more per cross-attention
 * block), one final norm, and MLA's latent norms. They are a rounding error (under 0.01%) but cost
 * nothing to count.
 *
 * <p><b>Left out, on purpose:</b> biases (none of the catalogued models has them in the weights
 * that matter), Qwen3's per-head q/k norms ({@code 2·headDim} per layer), T5's relative-position
 * bias tables (a few hundred weights), rotary tables (computed, not stored), and multi-token
 * prediction heads (DeepSeek-V3's 671B excludes its 14B MTP module; so does this).
 *
 * @param name                   catalog key, e.g. {@code "Mixtral-8x7B"}
 * @param layers                 transformer blocks, dense and MoE
 * @param moeLayers              blocks whose FFN is a routed MoE, {@code 0 < moeLayers <= layers}
 * @param hiddenSize             model width {@code h}
 * @param expertIntermediateSize one routed (or shared) expert's FFN width
 * @param denseIntermediateSize  FFN width of the dense blocks; 0 if there are none
 * @param routedExperts          routed experts per MoE layer
 * @param topK                   routed experts each token visits per MoE layer
 * @param sharedExperts          always-on experts per MoE layer
 * @param heads                  query heads
 * @param kvHeads                key/value heads (= heads for MHA and MLA)
 * @param headDim                per-head query/key width (MLA: qkNope + qkRope)
 * @param mla                    MLA low-rank dims, or null for ordinary (grouped-query) attention
 * @param vocabSize              vocabulary size
 * @param tiedEmbeddings         whether the LM head shares the input embedding's weights
 * @param bytesPerParam          bytes per weight as served, e.g. 2 for bf16, 1 for fp8
 * @param gatedFfn               true for SwiGLU-style FFNs (3 matrices), false for plain (2)
 * @param crossAttentionLayers   blocks with an extra cross-attention block (encoder-decoder)
 * @param activeEmbeddings       which embedding matrices {@link #activeParams()} counts, to match how
 *                               the model's makers count their published active figure
 * @param moeLayerIds            the MoE blocks' indices (0-based, among all {@code layers}), ascending;
 *                               null for the last {@code moeLayers} blocks (dense blocks first, as
 *                               DeepSeek's {@code first_k_dense_replace} puts them)
 */
public record MoeModelSpec(
        String name,
        int layers,
        int moeLayers,
        int hiddenSize,
        int expertIntermediateSize,
        int denseIntermediateSize,
        int routedExperts,
        int topK,
        int sharedExperts,
        int heads,
        int kvHeads,
        int headDim,
        Mla mla,
        int vocabSize,
        boolean tiedEmbeddings,
        double bytesPerParam,
        boolean gatedFfn,
        int crossAttentionLayers,
        ActiveEmbeddings activeEmbeddings,
        List<Integer> moeLayerIds) {

    /**
     * Which embedding matrices a model's published "active parameters" figure counts. It is a
     * counting convention, not an architecture: Mixtral, DBRX, DeepSeek, Qwen3 and Llama 4 count the
     * input embedding and the LM head; the gpt-oss model card counts the LM head but not the
     * embedding lookup; GLM-4.5's figures (32B of 355B, 12B of 106B) fit only with neither.
     */
    public enum ActiveEmbeddings {
        /** Input embedding and LM head (the LM head once when tied). */
        BOTH,
        /** The LM head only: an embedding lookup reads one row, not the matrix. */
        LM_HEAD,
        /** Neither. */
        NONE
    }

    /** A model whose dense blocks come first. */
    public MoeModelSpec(String name, int layers, int moeLayers, int hiddenSize, int expertIntermediateSize,
            int denseIntermediateSize, int routedExperts, int topK, int sharedExperts, int heads, int kvHeads,
            int headDim, Mla mla, int vocabSize, boolean tiedEmbeddings, double bytesPerParam, boolean gatedFfn,
            int crossAttentionLayers, ActiveEmbeddings activeEmbeddings) {
        this(name, layers, moeLayers, hiddenSize, expertIntermediateSize, denseIntermediateSize, routedExperts, topK,
                sharedExperts, heads, kvHeads, headDim, mla, vocabSize, tiedEmbeddings, bytesPerParam, gatedFfn,
                crossAttentionLayers, activeEmbeddings, null);
    }

    /** A model whose active figure counts both embedding matrices ({@link ActiveEmbeddings#BOTH}). */
    public MoeModelSpec(String name, int layers, int moeLayers, int hiddenSize, int expertIntermediateSize,
            int denseIntermediateSize, int routedExperts, int topK, int sharedExperts, int heads, int kvHeads,
            int headDim, Mla mla, int vocabSize, boolean tiedEmbeddings, double bytesPerParam, boolean gatedFfn,
            int crossAttentionLayers) {
        this(name, layers, moeLayers, hiddenSize, expertIntermediateSize, denseIntermediateSize, routedExperts, topK,
                sharedExperts, heads, kvHeads, headDim, mla, vocabSize, tiedEmbeddings, bytesPerParam, gatedFfn,
                crossAttentionLayers, ActiveEmbeddings.BOTH);
    }

    /**
     * Multi-head latent attention (DeepSeek-V2/V3). Per layer: Q is {@code h·qLoraRank} down,
     * a {@code qLoraRank} norm, then {@code qLoraRank·heads·(qkNope+qkRope)} up (or, with
     * {@code qLoraRank == 0}, a direct {@code h·heads·(qkNope+qkRope)}); KV is
     * {@code h·(kvLoraRank+qkRope)} down, a {@code kvLoraRank} norm, then
     * {@code kvLoraRank·heads·(qkNope+vHead)} up; O is {@code heads·vHead·h}.
     *
     * @param qLoraRank     query compression rank; 0 means queries are not compressed
     * @param kvLoraRank    key/value latent rank
     * @param qkNopeHeadDim per-head query/key width without rotary position
     * @param qkRopeHeadDim per-head query/key rotary width (the key part is shared across heads)
     * @param vHeadDim      per-head value width
     */
    public record Mla(int qLoraRank, int kvLoraRank, int qkNopeHeadDim, int qkRopeHeadDim, int vHeadDim) {
        public Mla {
            nonNegative("qLoraRank", qLoraRank);
            positive("kvLoraRank", kvLoraRank);
            positive("qkNopeHeadDim", qkNopeHeadDim);
            positive("qkRopeHeadDim", qkRopeHeadDim);
            positive("vHeadDim", vHeadDim);
        }
    }

    public MoeModelSpec {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        positive("layers", layers);
        positive("moeLayers", moeLayers);
        if (moeLayers > layers) {
            throw new IllegalArgumentException(
                    "moeLayers must be at most layers (" + layers + "), got " + moeLayers);
        }
        moeLayerIds = moeLayerIds == null
                ? IntStream.range(layers - moeLayers, layers).boxed().toList()
                : checkedMoeLayerIds(moeLayerIds, layers, moeLayers);
        positive("hiddenSize", hiddenSize);
        positive("expertIntermediateSize", expertIntermediateSize);
        if (moeLayers < layers) {
            positive("denseIntermediateSize (needed by " + (layers - moeLayers) + " dense layers)",
                    denseIntermediateSize);
        } else {
            nonNegative("denseIntermediateSize", denseIntermediateSize);
        }
        positive("routedExperts", routedExperts);
        positive("topK", topK);
        if (topK > routedExperts) {
            throw new IllegalArgumentException(
                    "topK must be at most routedExperts (" + routedExperts + "), got " + topK);
        }
        nonNegative("sharedExperts", sharedExperts);
        positive("heads", heads);
        positive("kvHeads", kvHeads);
        if (heads % kvHeads != 0) {
            throw new IllegalArgumentException(
                    "kvHeads must divide heads (" + heads + "), got " + kvHeads);
        }
        positive("headDim", headDim);
        if (mla != null) {
            if (kvHeads != heads) {
                throw new IllegalArgumentException(
                        "kvHeads must equal heads (" + heads + ") with MLA, got " + kvHeads);
            }
            int qk = mla.qkNopeHeadDim() + mla.qkRopeHeadDim();
            if (headDim != qk) {
                throw new IllegalArgumentException("headDim must equal qkNopeHeadDim + qkRopeHeadDim ("
                        + qk + ") with MLA, got " + headDim);
            }
        }
        positive("vocabSize", vocabSize);
        if (!(bytesPerParam > 0) || Double.isInfinite(bytesPerParam)) {
            throw new IllegalArgumentException("bytesPerParam must be positive, got " + bytesPerParam);
        }
        Objects.requireNonNull(activeEmbeddings, "activeEmbeddings");
        nonNegative("crossAttentionLayers", crossAttentionLayers);
        if (crossAttentionLayers > layers) {
            throw new IllegalArgumentException(
                    "crossAttentionLayers must be at most layers (" + layers + "), got " + crossAttentionLayers);
        }
    }

    /** The block (0-based, among all {@code layers}) of MoE layer {@code moeLayer} (0-based among the MoE ones). */
    public int blockOfMoeLayer(int moeLayer) {
        return moeLayerIds.get(moeLayer);
    }

    /** The MoE blocks as a person reads them; see {@link #layerList}. */
    public String moeLayerList() {
        return layerList(moeLayerIds);
    }

    /**
     * Ascending layer ids as a person reads them: in full up to four ({@code 1, 3, 5}), else the
     * first two and the last ({@code 3, 4, ..., 60}; {@code 1, 3, ..., 47}).
     */
    public static String layerList(List<Integer> ids) {
        List<Integer> shown = ids.size() <= 4 ? ids : ids.subList(0, 2);
        String text = shown.stream().map(String::valueOf).collect(Collectors.joining(", "));
        return ids.size() <= 4 ? text : text + ", ..., " + ids.get(ids.size() - 1);
    }

    private static List<Integer> checkedMoeLayerIds(List<Integer> ids, int layers, int moeLayers) {
        if (ids.size() != moeLayers) {
            throw new IllegalArgumentException("moeLayerIds must name " + moeLayers + " blocks (moeLayers), got "
                    + ids.size());
        }
        for (int i = 0; i < ids.size(); i++) {
            Integer id = ids.get(i);
            if (id == null || id < 0 || id >= layers || (i > 0 && id <= ids.get(i - 1))) {
                throw new IllegalArgumentException("moeLayerIds must be ascending block indices from 0 to "
                        + (layers - 1) + ", got " + id + " at position " + i);
            }
        }
        return List.copyOf(ids);
    }

    /** Blocks with a dense FFN instead of experts. */
    public int denseLayers() {
        return layers - moeLayers;
    }

    /** Weight matrices in one FFN: 3 gated (SwiGLU), 2 plain. */
    public int ffnMatrices() {
        return gatedFfn ? 3 : 2;
    }

    /** Weights in one routed expert: {@code ffnMatrices·h·expertIntermediateSize}. */
    public long expertParams() {
        return (long) ffnMatrices() * hiddenSize * expertIntermediateSize;
    }

    /** Bytes of one routed expert's weights at {@link #bytesPerParam()}. */
    public long expertBytes() {
        return Math.round(expertParams() * bytesPerParam);
    }

    /** Attention weights of one block (one attention module; see class comment). */
    public long attentionParamsPerLayer() {
        long h = hiddenSize;
        if (mla == null) {
            return 2 * h * heads * headDim + 2 * h * kvHeads * headDim;
        }
        long qk = mla.qkNopeHeadDim() + mla.qkRopeHeadDim();
        long q = mla.qLoraRank() == 0
                ? h * heads * qk
                : h * mla.qLoraRank() + mla.qLoraRank() + (long) mla.qLoraRank() * heads * qk;
        long kv = h * (mla.kvLoraRank() + mla.qkRopeHeadDim()) + mla.kvLoraRank()
                + (long) mla.kvLoraRank() * heads * (mla.qkNopeHeadDim() + mla.vHeadDim());
        long o = (long) heads * mla.vHeadDim() * h;
        return q + kv + o;
    }

    /** Weights every token uses apart from the embeddings: attention, norms, dense FFNs, shared experts, routers. */
    private long alwaysOnBlockParams() {
        long h = hiddenSize;
        long attention = attentionParamsPerLayer() * (layers + (long) crossAttentionLayers);
        long norms = 2 * h * layers + h * crossAttentionLayers + h;
        long dense = (long) denseLayers() * ffnMatrices() * h * denseIntermediateSize;
        long shared = (long) moeLayers * sharedExperts * expertParams();
        long routers = (long) moeLayers * h * routedExperts;
        return attention + norms + dense + shared + routers;
    }

    /** Input embedding plus LM head ({@code vocabSize·h} each; once when tied). */
    public long embeddingParams() {
        return (tiedEmbeddings ? 1L : 2L) * vocabSize * hiddenSize;
    }

    /** The embedding weights {@link #activeParams()} counts, per {@link #activeEmbeddings()}. */
    private long activeEmbeddingParams() {
        return switch (activeEmbeddings) {
            case BOTH -> embeddingParams();
            case LM_HEAD -> (long) vocabSize * hiddenSize;
            case NONE -> 0;
        };
    }

    /** KV-cache bytes one token keeps in one layer, in bf16: K and V per KV head (MLA: the compressed latent and rope key). */
    public double kvCacheBytesPerTokenPerLayer() {
        double values = mla != null ? mla.kvLoraRank() + mla.qkRopeHeadDim() : 2.0 * kvHeads * headDim;
        return values * 2;
    }

    /** All weights: every routed expert of every MoE layer plus everything else (class comment). */
    public long totalParams() {
        return alwaysOnBlockParams() + embeddingParams() + (long) moeLayers * routedExperts * expertParams();
    }

    /**
     * Weights one token touches: as {@link #totalParams()} but only {@code topK} routed experts per
     * MoE layer, and the embedding matrices {@link #activeEmbeddings()} names. The whole router is
     * counted, as in the published "active" figures of Mixtral, DBRX, DeepSeek and Qwen3.
     */
    public long activeParams() {
        return alwaysOnBlockParams() + activeEmbeddingParams() + (long) moeLayers * topK * expertParams();
    }

    /** All weight bytes at {@link #bytesPerParam()}. */
    public long totalBytes() {
        return Math.round(totalParams() * bytesPerParam);
    }

    private static void positive(String field, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be positive, got " + value);
        }
    }

    private static void nonNegative(String field, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must not be negative, got " + value);
        }
    }
}
