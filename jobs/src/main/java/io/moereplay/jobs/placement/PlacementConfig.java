package io.moereplay.jobs.placement;

import io.moereplay.connectors.catalog.ModelChoice;
import io.moereplay.model.hotness.WindowSpec;
import io.moereplay.model.placement.DispatchRule;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The resolved options of one placement run; written into the run summary.
 *
 * @param routing routing trace files or folders (any routing format, expert_load included)
 * @param routingFormat format override, or null to detect
 * @param requests request trace for time windows over raw routing traces, or null
 * @param requestsFormat its format override, or null
 * @param window windows the loads are cut into, or null for the default
 * @param layers layers for formats that do not declare them, or null
 * @param experts experts for formats that do not declare them, or null
 * @param model the model whose experts are placed: a catalog name or a HuggingFace config.json
 * @param gpu the expert GPUs' type
 * @param hardwareFile extra GPU catalog, or null
 * @param gpus GPUs in the expert-parallel group
 * @param nodes nodes they span
 * @param redundantSlots slots beyond one per expert, over all GPUs
 * @param groups expert groups for EPLB's hierarchical mode (1: none)
 * @param dispatch how the engine divides an expert's tokens among its replicas, which the
 *     placements are fitted and scored under
 * @param policies policy names, in output order
 * @param moveBudget the incremental policy's budget: a count, a percentage of experts or bytes
 * @param lookBack windows the exponential moving average spans
 * @param horizon windows after its fit each backtest placement is scored on
 * @param intervals re-placement intervals to cost, in windows
 * @param batch sequences per decode step for the serving model
 * @param contextPerSequence mean context length per sequence for attention
 * @param current an earlier placement run's output folder whose placement is the one in force, or
 *     null for the contiguous layout
 * @param currentPolicy the policy of {@code current} to take, or null for its recommended one
 * @param out output folder
 * @param parallelism Flink parallelism, or 0 for the environment's default
 * @param runId run id, or null to derive
 * @param maxRejects rejected rows per file beyond which the run fails
 */
public record PlacementConfig(
        List<String> routing, String routingFormat, String requests, String requestsFormat, WindowSpec window,
        Integer layers, Integer experts,
        ModelChoice model, String gpu, String hardwareFile,
        int gpus, int nodes, int redundantSlots, int groups, DispatchRule dispatch,
        List<String> policies, String moveBudget, int lookBack, int horizon, List<Integer> intervals,
        int batch, long contextPerSequence, String current, String currentPolicy,
        String out, int parallelism, String runId, long maxRejects) {

    public static final List<String> ALL_POLICIES = List.of("none", "greedy", "eplb", "incremental");

    public PlacementConfig {
        routing = List.copyOf(routing);
        policies = List.copyOf(policies);
        intervals = List.copyOf(intervals);
        if (routing.isEmpty()) {
            throw new IllegalArgumentException("no routing trace or expert_load table given (--routing)");
        }
        if (out == null || out.isBlank()) {
            throw new IllegalArgumentException("no output folder given (--out)");
        }
        java.util.Objects.requireNonNull(dispatch, "dispatch rule");
        if (parallelism < 0 || maxRejects < 0) {
            throw new IllegalArgumentException("parallelism " + parallelism + " and max rejects " + maxRejects
                    + " must not be negative");
        }
    }

    /** The options as the run summary records them. */
    public Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("routing", routing);
        map.put("routing_format", routingFormat);
        map.put("requests", requests);
        map.put("requests_format", requestsFormat);
        map.put("window", window == null ? null : window.toString());
        map.put("layers", layers);
        map.put("experts", experts);
        map.putAll(model.asMap());
        map.put("gpu", gpu);
        map.put("hardware_file", hardwareFile);
        map.put("gpus", gpus);
        map.put("nodes", nodes);
        map.put("redundant_slots", redundantSlots);
        map.put("groups", groups);
        map.put("dispatch", dispatch.label());
        map.put("policies", policies);
        map.put("move_budget", moveBudget);
        map.put("look_back", lookBack);
        map.put("horizon", horizon);
        map.put("intervals", intervals);
        map.put("batch", batch);
        map.put("context_per_sequence", contextPerSequence);
        map.put("current", current);
        map.put("current_policy", currentPolicy);
        map.put("out", out);
        map.put("parallelism", parallelism);
        map.put("max_rejects", maxRejects);
        return map;
    }
}
