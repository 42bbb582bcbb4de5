package io.moereplay.jobs.cost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moereplay.connectors.catalog.HardwareCatalog;
import io.moereplay.jobs.straggler.DeploymentSpecs;
import io.moereplay.jobs.straggler.ExpertKernels;
import io.moereplay.model.catalog.MoeModelSpec;
import io.moereplay.model.perf.Deployment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The candidates of a cost run and the analytic pre-filter that decides which are replayed.
 *
 * <p><b>Explicit</b> candidates are deployment specs with a batch,
 * {@code colocated:gpu=H100-SXM,gpus=8,batch=256}; one is dropped when its weights do not fit or
 * its decode step at full batch, with even expert loads and the trace's mean context, already
 * misses the TBT target. <b>Search</b> (MegaScale-Infer's Algorithm 1): every combination of the
 * search block's kinds, GPU types, tp-a, tp-e, attention nodes, micro-batches (and FinDEP's r1, r2,
 * order) is a plan; its batch is the largest of the listed batches whose KV cache holds that many
 * mean requests (Eq. 8) and whose step meets the TBT target; plans are ranked by decode tokens per
 * dollar at that batch and the best {@code top} replayed. Every plan not replayed says why.
 */
public final class CostCandidates {

    private static final List<Integer> DEFAULT_BATCHES = List.of(16, 32, 64, 128, 256, 384, 512, 768, 1024);

    private final MoeModelSpec model;
    private final HardwareCatalog hardware;
    private final ExpertKernels kernels;
    private final double meanContext;
    private final double meanRequestTokens;
    private final double tbtSloMicros;
    private final java.util.function.Supplier<double[][]> layerLoads;

    /**
     * @param meanContext the trace's mean context per decoding sequence (input + half the output)
     * @param meanRequestTokens the trace's mean input + output tokens (what a request reserves)
     * @param layerLoads each layer's expert loads, for candidates that place experts by a policy
     */
    public CostCandidates(MoeModelSpec model, HardwareCatalog hardware, ExpertKernels kernels, double meanContext,
            double meanRequestTokens, double tbtSloMicros, java.util.function.Supplier<double[][]> layerLoads) {
        this.model = model;
        this.hardware = hardware;
        this.kernels = kernels;
        this.meanContext = meanContext;
        this.meanRequestTokens = meanRequestTokens;
        this.tbtSloMicros = tbtSloMicros;
        this.layerLoads = layerLoads;
    }

    /** The deployment a candidate's spec describes. */
    public Deployment deployment(String spec) {
        return DeploymentSpecs.parse(spec, model, hardware, kernels, layerLoads);
    }

    /** The explicit specs and the file's candidates and search, each with its verdict. */
    public List<CandidateVerdict> resolve(List<String> specs, Path file) throws IOException {
        List<CandidateVerdict> out = new ArrayList<>();
        List<String> explicit = new ArrayList<>(specs);
        JsonNode search = null;
        if (file != null) {
            JsonNode root = new ObjectMapper().readTree(file.toFile());
            root.path("candidates").forEach(spec -> explicit.add(spec.asText()));
            search = root.get("search");
        }
        for (String spec : explicit) {
            out.add(explicit(spec));
        }
        if (search != null) {
            out.addAll(search(search, file));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no candidates: give --candidate SPEC or --candidates FILE");
        }
        return out;
    }

    /** One explicit spec: {@code SPEC,batch=B}. */
    CandidateVerdict explicit(String specWithBatch) {
        int at = specWithBatch.lastIndexOf(",batch=");
        if (at < 0) {
            throw new IllegalArgumentException("--candidate '" + specWithBatch + "': end it with ,batch=B (the most"
                    + " sequences decoding at once)");
        }
        String spec = specWithBatch.substring(0, at);
        int batch;
        try {
            batch = Integer.parseInt(specWithBatch.substring(at + ",batch=".length()).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--candidate '" + specWithBatch + "': batch is not an integer", e);
        }
        Deployment deployment;
        try {
            deployment = deployment(spec);
        } catch (DeploymentSpecs.BadSpec e) {
            throw new IllegalArgumentException("--candidate '" + specWithBatch + "': " + e.problem(), e);
        }
        CostCandidate candidate = new CostCandidate(spec, batch, DeploymentSpecs.pools(spec, model, hardware));
        CandidateMemory memory = CandidateMemory.of(candidate, model);
        if (memory.problem() != null) {
            return new CandidateVerdict(candidate, 0, Double.NaN, memory.problem());
        }
        double tbt = AnalyticStep.micros(deployment, model.moeLayers(), model.routedExperts(), model.topK(), batch,
                meanContext);
        return new CandidateVerdict(candidate, memory.kvCapacityTokens(), tbt, tbt > tbtSloMicros
                ? String.format("decode step %.1f ms at batch %d with even loads exceeds the %.0f ms TBT target",
                        tbt / 1000, batch, tbtSloMicros / 1000)
                : null);
    }

    private List<CandidateVerdict> search(JsonNode search, Path file) {
        List<Integer> batches = ints(search, "batch", DEFAULT_BATCHES);
        int top = search.path("top").asInt(64);
        List<CandidateVerdict> feasible = new ArrayList<>();
        List<CandidateVerdict> out = new ArrayList<>();
        // Plans are independent and the models pure: scored on every core, kept in plan order.
        for (CandidateVerdict best : plans(search, file).parallelStream().map(spec -> plan(spec, batches)).toList()) {
            (best.dropped() == null ? feasible : out).add(best);
        }
        feasible.sort(Comparator.comparingDouble(CandidateVerdict::capacityTokensPerUsd).reversed());
        for (int i = 0; i < feasible.size(); i++) {
            CandidateVerdict v = feasible.get(i);
            out.add(i < top ? v : new CandidateVerdict(v.candidate(), v.kvCapacityTokens(), v.analyticTbtMicros(),
                    "ranked " + (i + 1) + " of " + feasible.size() + " by analytic tokens per dollar; only the top "
                            + top + " are replayed"));
        }
        return out;
    }

    /** The largest listed batch that fits the KV cache and the TBT target, or why none does. */
    CandidateVerdict plan(String spec, List<Integer> batches) {
        List<DeploymentSpecs.GpuPool> pools = DeploymentSpecs.pools(spec, model, hardware);
        Deployment deployment;
        try {
            deployment = deployment(spec);
        } catch (IllegalArgumentException e) {
            // A search crosses options that do not go together (more GPUs than experts): such a plan is dropped.
            return new CandidateVerdict(new CostCandidate(spec, batches.get(0), pools), 0, Double.NaN, e.getMessage());
        }
        CandidateVerdict best = null;
        String why = null;
        for (int batch : batches) {
            CostCandidate candidate = new CostCandidate(spec, batch, pools);
            CandidateMemory memory = CandidateMemory.of(candidate, model);
            if (memory.problem() != null) {
                return new CandidateVerdict(candidate, 0, Double.NaN, memory.problem());
            }
            if (memory.kvCapacityTokens() < batch * meanRequestTokens) {
                why = String.format("KV cache of %,d tokens holds fewer than %d mean requests (%.0f tokens each)",
                        memory.kvCapacityTokens(), batch, meanRequestTokens);
                break;
            }
            double tbt = AnalyticStep.micros(deployment, model.moeLayers(), model.routedExperts(), model.topK(), batch,
                    meanContext);
            if (tbt > tbtSloMicros) {
                why = String.format("decode step %.1f ms at batch %d with even loads exceeds the %.0f ms TBT target",
                        tbt / 1000, batch, tbtSloMicros / 1000);
                break;
            }
            best = new CandidateVerdict(candidate, memory.kvCapacityTokens(), tbt, null);
        }
        return best != null ? best : new CandidateVerdict(new CostCandidate(spec, batches.get(0), pools), 0, Double.NaN, why);
    }

    /** Every plan of the search block, as deployment specs. */
    static List<String> plans(JsonNode search, Path file) {
        List<String> out = new ArrayList<>();
        for (String kind : strings(search, "kinds", List.of("colocated", "disaggregated"))) {
            switch (kind.toLowerCase(Locale.ROOT)) {
                case "colocated" -> {
                    for (String gpu : strings(search, "gpus", List.of("H100-SXM"))) {
                        for (int count : ints(search, "colocated_gpus", List.of(8))) {
                            out.add("colocated:gpu=" + gpu + ",gpus=" + count);
                        }
                    }
                }
                case "disaggregated", "findep" -> {
                    for (String attention : strings(search, "attention_gpus", List.of("H20"))) {
                        for (String experts : strings(search, "expert_gpus", List.of("L40S"))) {
                            for (int tpA : ints(search, "tp_a", List.of(1, 2, 4, 8))) {
                                for (int nodesA : ints(search, "nodes_a", List.of(1, 2, 4, 8))) {
                                    for (int tpE : ints(search, "tp_e", List.of(1, 2, 4, 8))) {
                                        String base = kind.toLowerCase(Locale.ROOT) + ":attention=" + attention
                                                + ",tp-a=" + tpA + ",nodes-a=" + nodesA + ",experts=" + experts
                                                + ",tp-e=" + tpE;
                                        if (kind.equalsIgnoreCase("disaggregated")) {
                                            for (int m : ints(search, "m", List.of(1, 2, 3, 4))) {
                                                out.add(base + ",m=" + m);
                                            }
                                        } else {
                                            for (int r1 : ints(search, "r1", List.of(1, 2, 3, 4))) {
                                                for (int r2 : ints(search, "r2", List.of(1, 2))) {
                                                    for (String order : strings(search, "order", List.of("aass", "asas"))) {
                                                        out.add(base + ",r1=" + r1 + ",r2=" + r2 + ",order=" + order);
                                                    }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                default -> throw new IllegalArgumentException(file + ": search kind '" + kind
                        + "' is not colocated, disaggregated or findep");
            }
        }
        return out;
    }

    private static List<String> strings(JsonNode node, String field, List<String> fallback) {
        if (!node.has(field)) {
            return fallback;
        }
        List<String> out = new ArrayList<>();
        node.get(field).forEach(value -> out.add(value.asText()));
        return out;
    }

    private static List<Integer> ints(JsonNode node, String field, List<Integer> fallback) {
        if (!node.has(field)) {
            return fallback;
        }
        List<Integer> out = new ArrayList<>();
        node.get(field).forEach(value -> out.add(value.asInt()));
        return out;
    }
}
