package io.moereplay.jobs.straggler;

import io.moereplay.model.text.ClosestName;
import io.moereplay.connectors.catalog.HardwareCatalog;
import io.moereplay.jobs.placement.PlacementPolicies;
import io.moereplay.model.catalog.MoeModelSpec;
import io.moereplay.model.hardware.GpuSpec;
import io.moereplay.model.perf.ColocatedExpertParallel;
import io.moereplay.model.perf.DecodeAttention;
import io.moereplay.model.perf.Deployment;
import io.moereplay.model.perf.DisaggregatedExpertParallel;
import io.moereplay.model.perf.ExpertPlacement;
import io.moereplay.model.perf.FineGrainedExpertParallel;
import io.moereplay.model.perf.PerLayerDeployment;
import io.moereplay.model.perf.LinkModel;
import io.moereplay.model.perf.findep.Order;
import io.moereplay.model.placement.DispatchRule;
import io.moereplay.model.placement.PlacementPolicy;
import io.moereplay.model.placement.SlotLayout;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Deployments from the command line:
 * {@code colocated:gpu=H100-SXM,gpus=8},
 * {@code disaggregated:attention=H20,tp-a=2,nodes-a=4,experts=L40S,tp-e=1,m=3} (MegaScale-Infer) or
 * {@code findep:attention=H20,tp-a=2,nodes-a=4,experts=L40S,tp-e=1,r1=4,r2=2,order=aass} (FinDEP).
 *
 * <p>Each GPU's routed experts run as one grouped kernel or one after another ({@code
 * expert_kernel=}), timed from the GPU's profiles where it has them ({@link ExpertKernels}). Where
 * it has none, kernels are timed by the roofline at efficiencies measured on an H100 ({@code bench/gpu/},
 * {@code H100ProfileFitTest}): an expert streams its weights at 74-75% of HBM bandwidth (Mixtral-8x7B,
 * 352 MB in 142 us) and computes at 65% of peak at 8192 tokens (2.89 TFLOP in 4.46 ms); links follow
 * Eq. 6 with Vidur's send/recv fits ({@code VidurProfileFitTest}), NVLink reaching 80% after an 8 us
 * start-up, the NIC 69% after 7.1 us. Small experts (DeepSeek, Qwen3) are launch-bound and the
 * roofline underestimates them by 22-52%; the README's fit table has the figures.
 */
public final class DeploymentSpecs {

    static final double NVLINK_STARTUP_MICROS = 8.0;
    static final double NVLINK_UTILISATION = 0.80;
    static final double NIC_STARTUP_MICROS = 7.1;
    static final double NIC_UTILISATION = 0.69;

    private static final List<String> KINDS = List.of("colocated", "disaggregated", "findep");
    private static final Set<String> COLOCATED_KEYS = Set.of("gpu", "gpus");
    private static final Set<String> COLOCATED_OPTIONAL_KEYS = Set.of("placement", "redundant", ExpertKernel.KEY);
    private static final Set<String> DISAGGREGATED_KEYS = Set.of("attention", "tp-a", "nodes-a", "experts", "tp-e", "m");
    private static final Set<String> FINDEP_KEYS =
            Set.of("attention", "tp-a", "nodes-a", "experts", "tp-e", "r1", "r2", "order");
    /** What every kind may add. */
    private static final Set<String> KERNEL_KEYS = Set.of(ExpertKernel.KEY);
    /** The three forms a spec takes, for messages about its form. */
    public static final String FORMS = "colocated:gpu=G,gpus=N[,placement=none|greedy|eplb,redundant=R],"
            + " disaggregated:attention=G,tp-a=N,nodes-a=N,experts=G,tp-e=N,m=N or"
            + " findep:attention=G,tp-a=N,nodes-a=N,experts=G,tp-e=N,r1=N,r2=N,order=aass|asas;"
            + " each may add expert_kernel=grouped|sequential (default grouped)";

    private DeploymentSpecs() {}

    /**
     * @throws BadSpec naming the spec and the problem
     */
    public static Deployment parse(String spec, MoeModelSpec model, HardwareCatalog hardware,
            ExpertKernels kernels) {
        return parse(spec, model, hardware, kernels, null);
    }

    /**
     * As {@link #parse(String, MoeModelSpec, HardwareCatalog, ExpertKernels)}, and a colocated
     * {@code placement=POLICY,redundant=R} places each layer's experts (plus R redundant slots over
     * the GPUs) by that policy from the layer's loads.
     *
     * @param layerLoads each MoE layer's expert loads ({@code [layer][expert]}), or null when there are
     *     none (then a placement option is refused)
     */
    public static Deployment parse(String spec, MoeModelSpec model, HardwareCatalog hardware,
            ExpertKernels kernels, java.util.function.Supplier<double[][]> layerLoads) {
        try {
            Map<String, String> options = options(spec);
            return switch (kind(spec)) {
                case "colocated" -> colocated(spec, options, model, hardware, kernels, layerLoads);
                case "disaggregated" -> disaggregated(spec, options, model, hardware, kernels);
                case "findep" -> fineGrained(spec, options, model, hardware, kernels);
                default -> throw new FormError("unknown kind '" + spec.trim().split(":", 2)[0] + "'"
                        + ClosestName.hint(kind(spec), KINDS));
            };
        } catch (IllegalArgumentException e) {
            throw new BadSpec(spec, e.getMessage() + (e instanceof FormError ? " (expected " + FORMS + ")" : ""), e);
        }
    }

    /**
     * A spec that does not describe a deployment. Its message names it as a {@code --deployment};
     * a command that takes specs by another option (cost's {@code --candidate}) names them by
     * {@link #problem()}.
     */
    public static final class BadSpec extends IllegalArgumentException {

        private static final long serialVersionUID = 1L;
        private final String problem;

        BadSpec(String spec, String problem, Throwable cause) {
            super("--deployment '" + spec + "': " + problem, cause);
            this.problem = problem;
        }

        /** What is wrong, without the spec: "gpus=eight is not a positive integer". */
        public String problem() {
            return problem;
        }
    }

    /** A spec of the wrong form, whose message adds the forms a spec takes. */
    private static final class FormError extends IllegalArgumentException {

        private static final long serialVersionUID = 1L;

        FormError(String problem) {
            super(problem);
        }
    }

    /** The GPUs a deployment occupies, by role: colocated, or attention and experts. */
    public record GpuPool(String role, GpuSpec gpu, int count) implements java.io.Serializable {}

    /**
     * The GPU pools of a spec {@link #parse} accepts: {@code gpus} colocated GPUs, or
     * {@code nodes-a x tp-a} attention GPUs and one node of {@code tp-e} GPUs per routed expert.
     */
    public static java.util.List<GpuPool> pools(String spec, MoeModelSpec model, HardwareCatalog hardware) {
        Map<String, String> options = options(spec);
        if (kind(spec).equals("colocated")) {
            return java.util.List.of(new GpuPool("colocated", hardware.get(options.get("gpu")), positive(options, "gpus")));
        }
        return java.util.List.of(
                new GpuPool("attention", hardware.get(options.get("attention")),
                        positive(options, "nodes-a") * positive(options, "tp-a")),
                new GpuPool("experts", hardware.get(options.get("experts")),
                        model.routedExperts() * positive(options, "tp-e")));
    }

    private static Deployment colocated(String spec, Map<String, String> options, MoeModelSpec model,
            HardwareCatalog hardware, ExpertKernels kernels, java.util.function.Supplier<double[][]> layerLoads) {
        require(options, COLOCATED_KEYS, COLOCATED_OPTIONAL_KEYS);
        GpuSpec gpu = hardware.get(options.get("gpu"));
        int gpus = positive(options, "gpus");
        if (gpus > model.routedExperts()) {
            throw new IllegalArgumentException(gpus + " GPUs for " + model.routedExperts() + " experts leaves GPUs without experts");
        }
        if (!options.containsKey("placement")) {
            if (options.containsKey("redundant")) {
                throw new IllegalArgumentException("redundant= needs placement=");
            }
            return colocated(spec, model, gpu, ExpertPlacement.contiguous(model.routedExperts(), gpus), kernels,
                    kernel(options));
        }
        if (layerLoads == null) {
            throw new IllegalArgumentException("placement= needs expert loads to place from, which this command does"
                    + " not have");
        }
        if (options.get("placement").equalsIgnoreCase("incremental")) {
            throw new IllegalArgumentException("placement=incremental moves experts from a placement in force, which a"
                    + " candidate has not; use none, greedy or eplb");
        }
        SlotLayout layout = SlotLayout.of(model.routedExperts(), redundantSlots(spec), gpus, gpus % 8 == 0 ? gpus / 8 : 1);
        // Fitted shares, as the candidates' placements were priced before the engines' equal dispatch.
        PlacementPolicy policy = PlacementPolicies.parse(List.of(options.get("placement")), 1, 0, DispatchRule.SPLIT).get(0);
        double[][] loads = layerLoads.get();
        List<Deployment> layers = new ArrayList<>();
        for (double[] load : loads) {
            layers.add(colocated(spec, model, gpu, policy.place(load, layout, null), kernels, kernel(options)));
        }
        return new PerLayerDeployment(spec, layers);
    }

    /** The redundant expert slots a spec asks for ({@code redundant=R}); 0 when it does not. */
    public static int redundantSlots(String spec) {
        Map<String, String> options = options(spec);
        if (!options.containsKey("redundant")) {
            return 0;
        }
        try {
            int redundant = Integer.parseInt(options.get("redundant"));
            if (redundant < 0) {
                throw new NumberFormatException();
            }
            return redundant;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("redundant=" + options.get("redundant") + " is not a count of slots", e);
        }
    }

    /** The attention nodes of a disaggregated or FinDEP spec ({@code nodes-a}); 1 for colocated. */
    public static int attentionNodes(String spec) {
        return kind(spec).equals("colocated") ? 1 : positive(options(spec), "nodes-a");
    }

    /** The expert kernel a spec asks for ({@code expert_kernel=}), grouped when it does not. */
    public static ExpertKernel kernel(String spec) {
        return kernel(options(spec));
    }

    private static ExpertKernel kernel(Map<String, String> options) {
        return ExpertKernel.parse(options.get(ExpertKernel.KEY));
    }

    /** A spec's kind, lower case: what comes before the colon. */
    private static String kind(String spec) {
        return spec.trim().split(":", 2)[0].toLowerCase(Locale.ROOT);
    }

    /** A spec's {@code key=value} options: what comes after the colon. */
    private static Map<String, String> options(String spec) {
        String[] kindAndRest = spec.trim().split(":", 2);
        return keyValues(kindAndRest.length == 2 ? kindAndRest[1] : "");
    }
    /**
     * Colocated expert parallelism over the placement's GPUs, each running its experts as
     * {@code kernel}: the all-to-all crosses NVLink within one 8-GPU node, else the NIC.
     */
    public static ColocatedExpertParallel colocated(String name, MoeModelSpec model, GpuSpec gpu,
            ExpertPlacement placement, ExpertKernels kernels, ExpertKernel kernel) {
        int gpus = placement.gpus();
        LinkModel allToAll = CommunicationModels.allToAll(gpu, gpus, kernels);
        return new ColocatedExpertParallel(name, gpus, model.hiddenSize(), model.topK(), model.sharedExperts(),
                placement, kernels.experts(model, gpu, 1, kernel), attention(model, gpu, 1, kernels), allToAll);
    }

    private static Deployment disaggregated(String spec, Map<String, String> options, MoeModelSpec model,
            HardwareCatalog hardware, ExpertKernels kernels) {
        require(options, DISAGGREGATED_KEYS, KERNEL_KEYS);
        GpuSpec attentionGpu = hardware.get(options.get("attention"));
        GpuSpec expertGpu = hardware.get(options.get("experts"));
        int tpA = positive(options, "tp-a");
        int tpE = positive(options, "tp-e");
        return new DisaggregatedExpertParallel(spec, positive(options, "nodes-a"), tpA, tpE, positive(options, "m"),
                model.hiddenSize(), model.topK(), model.routedExperts(),
                ExpertPlacement.contiguous(model.routedExperts(), model.routedExperts()),
                kernels.experts(model, expertGpu, tpE, kernel(options)), attention(model, attentionGpu, tpA, kernels),
                CommunicationModels.betweenNodes(attentionGpu, kernels), CommunicationModels.betweenNodes(expertGpu, kernels));
    }

    private static Deployment fineGrained(String spec, Map<String, String> options, MoeModelSpec model,
            HardwareCatalog hardware, ExpertKernels kernels) {
        require(options, FINDEP_KEYS, KERNEL_KEYS);
        GpuSpec attentionGpu = hardware.get(options.get("attention"));
        GpuSpec expertGpu = hardware.get(options.get("experts"));
        int tpA = positive(options, "tp-a");
        int tpE = positive(options, "tp-e");
        Order order = switch (options.get("order").toLowerCase(Locale.ROOT)) {
            case "aass" -> Order.AASS;
            case "asas" -> Order.ASAS;
            default -> throw new IllegalArgumentException("order=" + options.get("order") + " is not aass or asas");
        };
        return new FineGrainedExpertParallel(spec, positive(options, "nodes-a"), tpA, tpE, positive(options, "r1"),
                positive(options, "r2"), order, model.hiddenSize(), model.topK(), model.sharedExperts(),
                ExpertPlacement.contiguous(model.routedExperts(), model.routedExperts()),
                kernels.experts(model, expertGpu, tpE, kernel(options)), kernels.ffn(model, attentionGpu, tpA),
                attention(model, attentionGpu, tpA, kernels), CommunicationModels.betweenNodes(attentionGpu, kernels),
                CommunicationModels.betweenNodes(expertGpu, kernels));
    }

    private static DecodeAttention attention(MoeModelSpec model, GpuSpec gpu, int tp, ExpertKernels kernels) {
        return CommunicationModels.attention(model, gpu, tp, kernels);
    }

    public static LinkModel nvlink(GpuSpec gpu) {
        return new LinkModel(gpu.nvlinkBytesPerMicroOneWay(), NVLINK_STARTUP_MICROS, NVLINK_UTILISATION);
    }

    public static LinkModel nic(GpuSpec gpu) {
        return new LinkModel(gpu.nicBytesPerMicro(), NIC_STARTUP_MICROS, NIC_UTILISATION);
    }

    private static Map<String, String> keyValues(String text) {
        Map<String, String> out = new HashMap<>();
        for (String part : text.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            String[] kv = part.split("=", 2);
            if (kv.length != 2 || kv[1].isBlank()) {
                throw new FormError("'" + part + "' is not key=value");
            }
            if (out.put(kv[0].trim(), kv[1].trim()) != null) {
                throw new FormError("'" + kv[0].trim() + "' given twice");
            }
        }
        return out;
    }

    /** Every key of {@code keys} given, and nothing beyond them and {@code optional}. */
    private static void require(Map<String, String> options, Set<String> keys, Set<String> optional) {
        for (String key : options.keySet()) {
            if (!keys.contains(key) && !optional.contains(key)) {
                java.util.Set<String> all = new java.util.TreeSet<>(keys);
                all.addAll(optional);
                throw new FormError("unknown option '" + key + "'" + ClosestName.hint(key, all) + " (options: "
                        + String.join(",", all) + ")");
            }
        }
        for (String key : keys) {
            if (!options.containsKey(key)) {
                throw new FormError("missing option '" + key + "'");
            }
        }
    }

    private static int positive(Map<String, String> options, String key) {
        try {
            int value = Integer.parseInt(options.get(key));
            if (value < 1) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + "=" + options.get(key) + " is not a positive integer", e);
        }
    }
}
