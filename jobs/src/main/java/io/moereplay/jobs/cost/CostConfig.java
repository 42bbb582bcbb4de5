package io.moereplay.jobs.cost;

import io.moereplay.jobs.replay.ReplayConfig;

import java.util.List;

/**
 * The resolved options of one cost run.
 *
 * @param replay the request trace, model and routing model (the schedule options do not apply: each
 *     candidate schedules by its own batch and predicted step times)
 * @param candidates explicit candidates, {@code SPEC,batch=B}
 * @param candidatesFile a JSON file of candidates and a search block, or null
 * @param hardwareFile extra GPU catalog, or null
 * @param ffnProfile a measured expert FFN profile, or null for the roofline
 * @param ffnProfileGpu the GPU that profile was measured on
 * @param tbtSloMs the time-between-tokens target
 * @param ttftSloMs the time-to-first-token target
 * @param sloTarget the fraction of requests within both targets a recommended candidate reaches
 * @param requestLatency whether to write the per-request table
 */
public record CostConfig(ReplayConfig replay, List<String> candidates, String candidatesFile, String hardwareFile,
        String ffnProfile, String ffnProfileGpu, double tbtSloMs, double ttftSloMs, double sloTarget,
        boolean requestLatency) {

    public CostConfig {
        candidates = List.copyOf(candidates);
        if (!(tbtSloMs > 0) || !(ttftSloMs > 0) || !(sloTarget >= 0 && sloTarget <= 1)) {
            throw new IllegalArgumentException("TBT target " + tbtSloMs + " ms and TTFT target " + ttftSloMs
                    + " ms must be positive and the SLO attainment target " + sloTarget + " in [0, 1]");
        }
    }
}
