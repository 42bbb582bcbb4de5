package io.moereplay.jobs.replay;

import io.moereplay.model.text.ClosestName;
import io.moereplay.connectors.catalog.ModelChoice;
import io.moereplay.model.hotness.WindowSpec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The resolved options of one routing replay; written into the run summary.
 *
 * @param requests request trace file
 * @param requestsFormat format override for the request trace, or null
 * @param model the MoE model: a catalog name (e.g. {@code Mixtral-8x22B}) or a HuggingFace config.json
 * @param routingModel {@code synthetic} or {@code recorded}
 * @param routing recorded routing trace files or folders (recorded), empty otherwise
 * @param calibrate routing trace or load counts to fit the synthetic model to, empty for none
 * @param routingFormat format override for {@code routing} or {@code calibrate}, or null
 * @param layers layers of a routing trace whose format does not declare them, or null
 * @param experts experts of a routing trace whose format does not declare them, or null
 * @param popularity synthetic popularity when not calibrated, e.g. {@code zipf:1.0}
 * @param family the family a calibration fits: {@code zipf} or {@code lognormal}
 * @param drift synthetic drift of popularity between windows, e.g. {@code 0.3:0.9:60s}, or {@code none}
 * @param seed seed of every synthetic draw
 * @param maxBatch the most requests decoding at once
 * @param stepMicros duration of one batch iteration, in microseconds
 * @param window window of the output rows
 * @param out output folder
 * @param parallelism Flink parallelism, or 0 for the environment's default
 * @param runId run id, or null to derive one from the inputs and options
 * @param maxRejects rejected rows per file beyond which the run fails
 */
public record ReplayConfig(
        String requests,
        String requestsFormat,
        ModelChoice model,
        String routingModel,
        List<String> routing,
        List<String> calibrate,
        String routingFormat,
        Integer layers,
        Integer experts,
        String popularity,
        String family,
        String drift,
        long seed,
        int maxBatch,
        long stepMicros,
        WindowSpec window,
        String out,
        int parallelism,
        String runId,
        long maxRejects) {

    public static final String SYNTHETIC = "synthetic";
    public static final String RECORDED = "recorded";

    public ReplayConfig {
        routing = List.copyOf(routing == null ? List.of() : routing);
        calibrate = List.copyOf(calibrate == null ? List.of() : calibrate);
        if (requests == null || requests.isBlank()) {
            throw new IllegalArgumentException("no request trace given (--requests)");
        }
        if (model == null) {
            throw new IllegalArgumentException("no model given (--model or --model-config); see `moe-replay models`");
        }
        if (out == null || out.isBlank()) {
            throw new IllegalArgumentException("no output folder given (--out)");
        }
        if (RECORDED.equals(routingModel)) {
            if (routing.isEmpty()) {
                throw new IllegalArgumentException("--routing-model recorded replays a routing trace: give it with --routing");
            }
            if (!calibrate.isEmpty()) {
                throw new IllegalArgumentException("--calibrate fits the synthetic model; recorded routing replays as recorded");
            }
        } else if (SYNTHETIC.equals(routingModel)) {
            if (!routing.isEmpty()) {
                throw new IllegalArgumentException("--routing is the trace recorded routing replays; to fit the"
                        + " synthetic model to a trace use --calibrate");
            }
        } else {
            throw new IllegalArgumentException("--routing-model '" + routingModel + "' is not one of synthetic, recorded"
                    + ClosestName.hint(routingModel, List.of(SYNTHETIC, RECORDED)));
        }
        if (maxBatch < 1) {
            throw new IllegalArgumentException("max batch " + maxBatch + " must be at least 1");
        }
        if (stepMicros < 1) {
            throw new IllegalArgumentException("step time " + stepMicros + " us must be at least 1");
        }
        if (parallelism < 0) {
            throw new IllegalArgumentException("parallelism " + parallelism + " is negative");
        }
        if (maxRejects < 0) {
            throw new IllegalArgumentException("max rejects " + maxRejects + " is negative");
        }
        if (window == null) {
            window = WindowSpec.parse("60s");
        }
        if (window.kind() == WindowSpec.Kind.TOKENS || window.kind() == WindowSpec.Kind.PASSES) {
            throw new IllegalArgumentException("--window " + window + " counts a routing trace's tokens or an"
                    + " engine's forward passes; a replay's windows are a time (60s), decode steps (1step, 100steps) or all");
        }
    }

    /** The options as the run summary records them. */
    public Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("requests", requests);
        map.put("requests_format", requestsFormat);
        map.putAll(model.asMap());
        map.put("routing_model", routingModel);
        map.put("routing", routing);
        map.put("calibrate", calibrate);
        map.put("routing_format", routingFormat);
        map.put("layers", layers);
        map.put("experts", experts);
        map.put("popularity", popularity);
        map.put("family", family);
        map.put("drift", drift);
        map.put("seed", seed);
        map.put("max_batch", maxBatch);
        map.put("step_us", stepMicros);
        map.put("window", window.toString());
        map.put("out", out);
        map.put("parallelism", parallelism);
        map.put("max_rejects", maxRejects);
        return map;
    }
}
