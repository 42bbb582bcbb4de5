package io.moereplay.jobs.cost;

import io.moereplay.jobs.straggler.DeploymentSpecs;
import io.moereplay.jobs.straggler.DeploymentSpecs.GpuPool;
import io.moereplay.model.catalog.MoeModelSpec;

/**
 * Whether a candidate's weights fit its GPUs, and how many tokens of KV cache the rest holds.
 * Colocated GPUs hold all weights between them; disaggregated attention nodes each hold every
 * layer's attention weights (split over tp-a) and the KV cache (Eq. 8's terms), and each expert
 * node one expert of every MoE layer (split over tp-e); redundant expert slots hold one more
 * expert of every layer each. A tenth of memory is left for activations
 * and the runtime.
 *
 * @param kvCapacityTokens tokens of KV cache, over all layers, the candidate holds
 * @param problem why the weights do not fit, or null when they do
 */
public record CandidateMemory(long kvCapacityTokens, String problem) {

    static final double USABLE = 0.9;

    public static CandidateMemory of(CostCandidate candidate, MoeModelSpec model) {
        double kvPerToken = model.kvCacheBytesPerTokenPerLayer() * model.layers();
        if (candidate.kind().equals("colocated")) {
            GpuPool pool = candidate.pools().get(0);
            double weights = model.totalBytes()
                    + (double) DeploymentSpecs.redundantSlots(candidate.spec()) * model.expertBytes() * model.moeLayers();
            double free = USABLE * pool.count() * pool.gpu().memoryGB() * 1e9 - weights;
            if (free <= 0) {
                return new CandidateMemory(0, String.format("weights %.1f GB do not fit %d x %s (%.0f GB usable)",
                        weights / 1e9, pool.count(), pool.gpu().name(),
                        USABLE * pool.count() * pool.gpu().memoryGB()));
            }
            return new CandidateMemory((long) (free / kvPerToken), null);
        }
        GpuPool attention = candidate.pools().get(0);
        GpuPool experts = candidate.pools().get(1);
        int attentionNodes = DeploymentSpecs.attentionNodes(candidate.spec());
        int tpA = attention.count() / attentionNodes;
        int tpE = experts.count() / model.routedExperts();
        double attentionWeights = (double) model.attentionParamsPerLayer() * model.layers() * model.bytesPerParam();
        double expertWeights = (double) model.expertBytes() * model.moeLayers();
        double nodeMemory = USABLE * tpA * attention.gpu().memoryGB() * 1e9;
        if (expertWeights > USABLE * tpE * experts.gpu().memoryGB() * 1e9) {
            return new CandidateMemory(0, String.format("one expert of every layer, %.1f GB, does not fit %d x %s",
                    expertWeights / 1e9, tpE, experts.gpu().name()));
        }
        if (attentionWeights >= nodeMemory) {
            return new CandidateMemory(0, String.format("attention weights %.1f GB do not fit %d x %s",
                    attentionWeights / 1e9, tpA, attention.gpu().name()));
        }
        return new CandidateMemory((long) (attentionNodes * (nodeMemory - attentionWeights) / kvPerToken), null);
    }

}
