package io.moereplay.jobs.cost;

import io.moereplay.connectors.catalog.HardwareCatalog;
import io.moereplay.connectors.io.json.JsonDocument;
import io.moereplay.connectors.io.json.JsonKeys;
import io.moereplay.connectors.io.json.StrictObject;
import io.moereplay.jobs.straggler.DeploymentSpecs;
import io.moereplay.jobs.straggler.ExpertKernels;
import io.moereplay.model.catalog.MoeModelSpec;
import io.moereplay.model.perf.Deployment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static io.moereplay.connectors.io.json.JsonKeys.optional;
import static io.moereplay.connectors.io.json.JsonType.OBJECT;
import static io.moereplay.connectors.io.json.JsonType.POSITIVE_INT;
import static io.moereplay.connectors.io.json.JsonType.POSITIVE_INTS;
import static io.moereplay.connectors.io.json.JsonType.TEXTS;

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

    /**
     * The keys of a {@code --candidates} file (the nightly cost block adds the SLO's), each with its
     * type: add a key here and read it in {@link CandidatesFile#of}.
     */
    public static final JsonKeys FILE_KEYS = JsonKeys.of(optional("candidates", TEXTS), optional("search", OBJECT));

    /** The search block's keys, each with its type: add a key here and read it in {@link #plans}. */
    static final JsonKeys SEARCH_KEYS = JsonKeys.of(optional("kinds", TEXTS), optional("gpus", TEXTS),
            optional("colocated_gpus", POSITIVE_INTS), optional("attention_gpus", TEXTS),
            optional("expert_gpus", TEXTS), optional("tp_a", POSITIVE_INTS), optional("nodes_a", POSITIVE_INTS),
            optional("tp_e", POSITIVE_INTS), optional("m", POSITIVE_INTS), optional("r1", POSITIVE_INTS),
            optional("r2", POSITIVE_INTS), optional("order", TEXTS), optional("batch", POSITIVE_INTS),
            optional("top", POSITIVE_INT), optional("expert_kernels", TEXTS));

    private static final List<Integer> DEFAULT_BATCHES = List.of(16, 32, 64, 128, 256, 384, 512, 768, 1024);
    private static final int DEFAULT_TOP = 64;

    /**
     * A candidates file's content, checked whole as it is read (before any replay): its explicit
     * specs, and its search block's plans with the batches a plan may take and how many plans are
     * replayed. No search block, no plans.
     */
    public record CandidatesFile(List<String> candidates, List<String> plans, List<Integer> batches, int top) {

        /**
         * @throws io.moereplay.connectors.io.json.JsonInputException naming the file, the line, the
         *     key's path and the fix: an unknown key, a wrong type, an unknown kind or order, or neither
         *     candidates nor a search
         */
        public static CandidatesFile read(Path file) {
            return of(JsonDocument.read(file).root().conform(FILE_KEYS));
        }

        /** @param root a file's content, or the nightly cost block, whose keys include {@link #FILE_KEYS} */
        public static CandidatesFile of(StrictObject root) {
            Optional<StrictObject> search = root.value("search").map(block -> block.conform(SEARCH_KEYS));
            if (!root.has("candidates") && search.isEmpty()) {
                throw root.json().problem("no candidates in " + root.json().path() + ": give \"candidates\": [SPEC,...]"
                        + " and/or \"search\": {...}");
            }
            return new CandidatesFile(root.texts("candidates", List.of()),
                    search.map(CostCandidates::plans).orElse(List.of()),
                    search.map(block -> block.integers("batch", DEFAULT_BATCHES)).orElse(DEFAULT_BATCHES),
                    search.map(block -> block.integer("top", DEFAULT_TOP)).orElse(DEFAULT_TOP));
        }
    }

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

    /** The explicit specs and the file's candidates and search plans, each with its verdict. */
    public List<CandidateVerdict> resolve(List<String> specs, CandidatesFile file) {
        List<CandidateVerdict> out = new ArrayList<>();
        List<String> explicit = new ArrayList<>(specs);
        if (file != null) {
            explicit.addAll(file.candidates());
        }
        for (String spec : explicit) {
            out.add(explicit(spec));
        }
        if (file != null && !file.plans().isEmpty()) {
            out.addAll(search(file));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no candidates: give --candidate SPEC or --candidates FILE");
        }
        return out;
    }

    /**
     * Checks one explicit spec alone, as a file is loaded: its batch is read and its deployment
     * built on {@code loads}, so that a bad spec fails before any replay.
     *
     * @throws IllegalArgumentException naming the spec and the problem
     */
    public static void check(String specWithBatch, MoeModelSpec model, HardwareCatalog hardware,
            java.util.function.Supplier<double[][]> loads) {
        new CostCandidates(model, hardware, ExpertKernels.roofline(), 1, 1, Double.POSITIVE_INFINITY, loads)
                .explicit(specWithBatch);
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

    private List<CandidateVerdict> search(CandidatesFile file) {
        int top = file.top();
        List<CandidateVerdict> feasible = new ArrayList<>();
        List<CandidateVerdict> out = new ArrayList<>();
        // Plans are independent and the models pure: scored on every core, kept in plan order.
        for (CandidateVerdict best : file.plans().parallelStream().map(spec -> plan(spec, file.batches())).toList()) {
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

    /**
     * Every plan of the search block, as deployment specs; with {@code expert_kernels}, each plan once
     * per kernel (whether grouping a GPU's experts pays depends on their shape and load).
     */
    static List<String> plans(StrictObject search) {
        List<String> layouts = layouts(search);
        if (!search.has("expert_kernels")) {
            return layouts;
        }
        List<String> kernels = search.choices("expert_kernels", List.of("grouped", "sequential"), List.of());
        List<String> out = new ArrayList<>();
        for (String layout : layouts) {
            for (String kernel : kernels) {
                out.add(layout + ",expert_kernel=" + kernel.toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    /** The search block's deployments, with the engines' default kernel. */
    private static List<String> layouts(StrictObject search) {
        List<String> orders = search.choices("order", List.of("aass", "asas"), List.of("aass", "asas"));
        List<String> out = new ArrayList<>();
        for (String kind : search.choices("kinds", List.of("colocated", "disaggregated", "findep"),
                List.of("colocated", "disaggregated"))) {
            switch (kind.toLowerCase(Locale.ROOT)) {
                case "colocated" -> {
                    for (String gpu : search.texts("gpus", List.of("H100-SXM"))) {
                        for (int count : search.integers("colocated_gpus", List.of(8))) {
                            out.add("colocated:gpu=" + gpu + ",gpus=" + count);
                        }
                    }
                }
                default -> { // disaggregated or findep: choices() lets no other kind through
                    for (String attention : search.texts("attention_gpus", List.of("H20"))) {
                        for (String experts : search.texts("expert_gpus", List.of("L40S"))) {
                            for (int tpA : search.integers("tp_a", List.of(1, 2, 4, 8))) {
                                for (int nodesA : search.integers("nodes_a", List.of(1, 2, 4, 8))) {
                                    for (int tpE : search.integers("tp_e", List.of(1, 2, 4, 8))) {
                                        String base = kind.toLowerCase(Locale.ROOT) + ":attention=" + attention
                                                + ",tp-a=" + tpA + ",nodes-a=" + nodesA + ",experts=" + experts
                                                + ",tp-e=" + tpE;
                                        if (kind.equalsIgnoreCase("disaggregated")) {
                                            for (int m : search.integers("m", List.of(1, 2, 3, 4))) {
                                                out.add(base + ",m=" + m);
                                            }
                                        } else {
                                            for (int r1 : search.integers("r1", List.of(1, 2, 3, 4))) {
                                                for (int r2 : search.integers("r2", List.of(1, 2))) {
                                                    for (String order : orders) {
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
            }
        }
        return out;
    }
}
