package io.moereplay.jobs.generate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The options of {@code generate --preset production-day}.
 *
 * @param requestsPerSecond mean arrival rate over the horizon
 * @param hours horizon; arrivals fall in {@code [0, hours)}
 * @param model catalog name of the served model, e.g. {@code DeepSeek-V3}
 * @param calibrate routing traces the synthetic routing is calibrated to (as {@code replay --calibrate})
 * @param drift drift of expert popularity between windows, {@code SIGMA:RHO:PERIOD} or {@code none}
 * @param maxBatch the most requests decoding in one forward pass (the whole deployment's batch)
 * @param stepMicros one forward pass, in microseconds
 * @param passesPerFile forward passes per recorder dump file (SGLang's default buffer is 1,000)
 * @param seed seed of every draw
 */
public record ProductionDaySpec(double requestsPerSecond, double hours, String model, List<String> calibrate,
        String drift, int maxBatch, long stepMicros, int passesPerFile, long seed) {

    public static final String NAME = "production-day";

    public ProductionDaySpec {
        calibrate = List.copyOf(calibrate == null ? List.of() : calibrate);
        if (!(requestsPerSecond > 0) || !(hours > 0)) {
            throw new IllegalArgumentException("--requests-per-s " + requestsPerSecond + " and --hours " + hours
                    + " must both be positive");
        }
        if (requestsPerSecond * hours * 3600 > 100_000_000) {
            throw new IllegalArgumentException(String.format("--requests-per-s x --hours asks for %,d requests;"
                    + " at most 100,000,000 fit one run", (long) (requestsPerSecond * hours * 3600)));
        }
        if (calibrate.isEmpty()) {
            throw new IllegalArgumentException("--preset " + NAME + " calibrates its routing: give --calibrate PATH"
                    + " (e.g. ../shared/traces/routing/switch_base128_expert_statistics_3d.json)");
        }
        if (maxBatch < 1 || stepMicros < 1 || passesPerFile < 1) {
            throw new IllegalArgumentException("--max-batch, --step-ms and --passes-per-file must be positive");
        }
    }

    public double seconds() {
        return hours * 3600;
    }

    /** The options as {@code _generate.json} records them. */
    public Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("preset", NAME);
        map.put("requests_per_s", requestsPerSecond);
        map.put("hours", hours);
        map.put("model", model);
        map.put("calibrate", calibrate);
        map.put("drift", drift);
        map.put("max_batch", maxBatch);
        map.put("step_us", stepMicros);
        map.put("passes_per_file", passesPerFile);
        map.put("seed", seed);
        return map;
    }
}
