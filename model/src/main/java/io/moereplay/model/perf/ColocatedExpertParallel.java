package io.moereplay.model.perf;

/**
 * Colocated expert parallelism (vLLM, SGLang): {@code gpus} GPUs each run attention for their share
 * of the batch (data parallel) and host {@code experts / gpus} experts; every MoE layer dispatches
 * each token's hidden state to its top-k experts' GPUs and combines the results back, two
 * all-to-alls that do not overlap compute. Per layer:
 * {@code attention(b / G) + 2 all-to-all + max over GPUs of expert compute (+ shared experts)}.
 *
 * @param name label
 * @param gpus G, the expert-parallel (and attention data-parallel) degree
 * @param hidden model width h
 * @param topK k
 * @param sharedExperts always-on experts every GPU runs for its own tokens
 * @param placement where each layer's experts live on the G GPUs
 * @param ffn one expert's FFN time on one GPU
 * @param attention decode attention on one GPU
 * @param allToAll the link the all-to-all crosses (NVLink inside a node, the NIC across)
 */
public record ColocatedExpertParallel(String name, int gpus, int hidden, int topK, int sharedExperts,
        ExpertPlacement placement, ExpertFfnTime ffn, DecodeAttention attention, LinkModel allToAll)
        implements Deployment {

    public ColocatedExpertParallel {
        if (gpus < 1 || placement.gpus() != gpus) {
            throw new IllegalArgumentException(name + ": " + gpus + " GPUs but a placement over " + placement.gpus());
        }
    }

    @Override
    public LayerTiming layer(int layer, long sequences, long contextTokens, long[] expertTokens) {
        long perGpu = (sequences + gpus - 1) / gpus;
        double attentionMicros = attention.micros(perGpu, (contextTokens + gpus - 1) / gpus);
        // Each GPU sends its tokens' k hidden states (bf16) to the experts' GPUs, all but 1/G of them away.
        double dispatchBytes = (double) perGpu * topK * hidden * 2 * (gpus - 1) / gpus;
        double comm = allToAll.micros(dispatchBytes);
        LayerStraggler straggler = StragglerAccounting.layer(expertTokens, placement, ffn);
        double shared = sharedExperts * ffn.micros(perGpu);
        double layerMicros = attentionMicros + 2 * comm + straggler.layerMicros() + shared;
        return new LayerTiming(straggler, attentionMicros, comm, layerMicros, layerMicros, straggler.overheadMicros(),
                false, true);
    }
}
