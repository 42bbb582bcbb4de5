package io.moereplay.jobs.hotness;

import io.moereplay.model.hotness.WindowSpec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The resolved options of one hotness run; written into the run summary.
 *
 * @param routing routing trace files or folders
 * @param routingFormat format override, or null to detect from the files
 * @param requests request trace for time windows, or null
 * @param requestsFormat format override for the request trace, or null
 * @param window window spec, or null for the default (60s with requests, else one window)
 * @param out output folder
 * @param parallelism Flink parallelism, or 0 for the environment's default
 * @param hotThreshold hot when load >= this x mean
 * @param layers number of layers (0..layers-1) for formats that do not declare them, or null
 * @param experts experts per layer for formats that do not declare them, or null
 * @param runId run id, or null to derive one from the inputs and options
 * @param maxRejects rejected rows per file beyond which the run fails
 */
public record HotnessConfig(
        List<String> routing,
        String routingFormat,
        String requests,
        String requestsFormat,
        WindowSpec window,
        String out,
        int parallelism,
        double hotThreshold,
        Integer layers,
        Integer experts,
        String runId,
        long maxRejects) {

    public static final double DEFAULT_HOT_THRESHOLD = 1.5;
    public static final long DEFAULT_MAX_REJECTS = 1_000_000;

    public HotnessConfig {
        routing = List.copyOf(routing);
        if (routing.isEmpty()) {
            throw new IllegalArgumentException("no routing trace given (--routing)");
        }
        if (out == null || out.isBlank()) {
            throw new IllegalArgumentException("no output folder given (--out)");
        }
        if (parallelism < 0) {
            throw new IllegalArgumentException("parallelism " + parallelism + " is negative");
        }
        if (maxRejects < 0) {
            throw new IllegalArgumentException("max rejects " + maxRejects + " is negative");
        }
        window = WindowedLoadSource.window(window, requests != null);
    }

    /** The options as the run summary records them. */
    public Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("routing", routing);
        map.put("routing_format", routingFormat);
        map.put("requests", requests);
        map.put("requests_format", requestsFormat);
        map.put("window", window.toString());
        map.put("out", out);
        map.put("parallelism", parallelism);
        map.put("hot_threshold", hotThreshold);
        map.put("layers", layers);
        map.put("experts", experts);
        map.put("max_rejects", maxRejects);
        return map;
    }
}
