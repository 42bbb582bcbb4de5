package io.moereplay.jobs.cli;

import io.moereplay.connectors.placementfiles.EnginePlacementFormat;
import io.moereplay.jobs.placement.PlacementConfig;
import io.moereplay.jobs.placement.PlacementEmitter;
import io.moereplay.jobs.placement.PlacementJob;
import io.moereplay.model.placement.DispatchRule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code moe-replay placement}: redundant expert placement, its gain, its migration cost and its backtest. */
@Command(name = "placement", mixinStandardHelpOptions = true,
        header = "Places experts and hot-expert replicas on GPUs; scores gain, moves and backtest.",
        description = "Places each layer's experts (and replicas of the hot ones) on the expert-parallel GPUs by each --policies "
                + "policy from the loads smoothed over --look-back windows (table placement), scores gain and migration cost "
                + "against the contiguous layout with the serving model (table placement_summary), scores placements fitted "
                + "at each window on the next --horizon windows (table placement_backtest), and recommends the policy and "
                + "re-placement interval with the least MoE time plus copy pauses (table placement_recommendation).")
final class PlacementCommand implements Callable<Integer> {

    @Mixin
    LoadOptions loads;

    /** The model whose experts are placed; its expert count must match the loads. */
    @Mixin
    ModelOptions model;

    @Option(names = "--gpu", paramLabel = "GPU", defaultValue = "H100-SXM",
            description = "The expert GPUs' type, for expert times and copy links (default ${DEFAULT-VALUE}).")
    String gpu;

    @Option(names = "--hardware-file", paramLabel = "PATH", converter = OptionValues.InputFile.class, description = "Extra GPU catalog (JSON).")
    String hardwareFile;

    @Option(names = "--gpus", required = true, paramLabel = "N", converter = OptionValues.PositiveInt.class, description = "GPUs in the expert-parallel group.")
    int gpus;

    @Option(names = "--nodes", paramLabel = "N", converter = OptionValues.PositiveInt.class, description = "Nodes the GPUs span. Default: GPUs / 8 when 8 divide them, else 1.")
    Integer nodes;

    @Option(names = "--redundant-slots", paramLabel = "R", converter = OptionValues.NonNegativeInt.class,
            description = "Slots beyond one per expert, over all GPUs; experts + R must divide by the GPUs. Default: one per GPU.")
    Integer redundantSlots;

    @Option(names = "--groups", paramLabel = "G", defaultValue = "1", converter = OptionValues.PositiveInt.class,
            description = "Expert groups for EPLB's hierarchical mode (DeepSeek-V3: 8); 1 = none (default).")
    int groups;

    @Option(names = "--dispatch", paramLabel = "RULE", defaultValue = "equal",
            description = "How the engine divides an expert's tokens among its replicas, which placements are fitted and"
                    + " scored under: equal (1/n each, as SGLang, vLLM and TensorRT-LLM dispatch) or split (greedy's fitted"
                    + " shares, MegaScale-Infer's allocation fractions). Default: ${DEFAULT-VALUE}.")
    String dispatch;

    @Option(names = "--policies", split = ",", paramLabel = "NAME", defaultValue = "none,greedy,eplb,incremental",
            description = "Policies to compare: none (contiguous, no replicas), greedy (MegaScale-Infer min-max: allocation"
                    + " fractions under --dispatch split, replica swaps under equal), eplb (DeepSeek's balancer), incremental (best copies within --move-budget)."
                    + " Default: ${DEFAULT-VALUE}.")
    List<String> policies;

    @Option(names = "--move-budget", paramLabel = "BUDGET", defaultValue = "10%",
            description = "The incremental policy's weight copies per re-placement: a count (13), a percentage of the"
                    + " experts (10%%) or bytes (2GiB). Default: ${DEFAULT-VALUE}.")
    String moveBudget;

    @Option(names = "--look-back", paramLabel = "N", defaultValue = "1", converter = OptionValues.PositiveInt.class,
            description = "Windows the loads are smoothed over (exponential moving average, weight 2/(N+1) on the newest). Default: ${DEFAULT-VALUE}.")
    int lookBack;

    @Option(names = "--horizon", paramLabel = "K", defaultValue = "8", converter = OptionValues.PositiveInt.class,
            description = "Backtest: windows after its fit each placement is scored on. Default: ${DEFAULT-VALUE}.")
    int horizon;

    @Option(names = "--intervals", split = ",", paramLabel = "N", defaultValue = "1,2,4,8", converter = OptionValues.PositiveInt.class,
            description = "Re-placement intervals (windows) to cost. Default: ${DEFAULT-VALUE}.")
    List<Integer> intervals;

    @Option(names = "--batch", paramLabel = "B", converter = OptionValues.PositiveInt.class,
            description = "Sequences per decode step for the serving model. Default: 64 per GPU.")
    Integer batch;

    @Option(names = "--context", paramLabel = "TOKENS", defaultValue = "1024", converter = OptionValues.PositiveLong.class,
            description = "Mean context length per sequence, for attention time. Default: ${DEFAULT-VALUE}.")
    long context;

    @Option(names = "--current", paramLabel = "DIR|FILE", converter = OptionValues.InputPath.class,
            description = "The placement in force, which the policies are compared with and the incremental policy starts"
                    + " from: an earlier placement run's output folder, or an engine's placement file (SGLang, vLLM,"
                    + " TensorRT-LLM or vllm-ascend, told by content). Default: the contiguous layout.")
    String current;

    @Option(names = "--current-policy", paramLabel = "POLICY",
            description = "The policy of --current to take (default: the one its placement_recommendation recommends).")
    String currentPolicy;

    @Option(names = "--emit", arity = "2", paramLabel = "FORMAT DIR",
            description = "After the run, write the recommended placement in an engine's load format into DIR: sglang"
                    + " (expert_location.json), vllm (initial_mapping.jsonl), trtllm (eplb_config.yaml) or vllm-ascend"
                    + " (expert_map.json).")
    List<String> emit;

    @Option(names = "--emit-policy", paramLabel = "POLICY",
            description = "The policy whose placement --emit writes (default: the recommended one; a run over one"
                    + " window recommends none, so name one).")
    String emitPolicy;

    @Mixin
    RunOptions run;

    @Override
    public Integer call() throws Exception {
        EnginePlacementFormat emitFormat = emit == null ? null : EnginePlacementFormat.parse(emit.get(0));
        PlacementConfig config = new PlacementConfig(loads.routing, loads.routingFormat, loads.requests,
                loads.requestsFormat, loads.window, loads.layers, loads.experts, model.choice(), gpu,
                hardwareFile, gpus, nodes != null ? nodes : gpus % 8 == 0 ? gpus / 8 : 1,
                redundantSlots != null ? redundantSlots : gpus, groups, DispatchRule.parse(dispatch), policies, moveBudget, lookBack, horizon,
                intervals, batch != null ? batch : 64 * gpus, context, current, currentPolicy, run.out, run.parallelism, run.runId,
                run.maxRejects);
        Map<String, Object> summary = PlacementJob.run(config);
        RunReport.print(System.out, summary);
        if (emitFormat != null) {
            System.out.println(PlacementEmitter.emit(config, emitFormat, Path.of(emit.get(1)), emitPolicy).line());
        }
        return 0;
    }
}
