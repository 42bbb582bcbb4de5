package io.moereplay.jobs.cost;

import io.moereplay.jobs.replay.ReplayConfig;
import io.moereplay.model.cost.ServingSlo;

import java.util.List;

/**
 * The resolved options of one cost run.
 *
 * @param replay the request trace, model and routing model (the schedule options do not apply: each
 *     candidate schedules by its own batch and predicted step times)
 * @param candidates explicit candidates, {@code SPEC,batch=B}
 * @param candidatesFile a JSON file of candidates and a search block, or null
 * @param hardwareFile extra GPU catalog, or null
 * @param profilesDir a folder of the user's own GPU profiles ({@code --profiles}), or null for the bundled ones alone
 * @param slo the latency SLO a recommended candidate meets
 * @param requestLatency whether to write the per-request table
 */
public record CostConfig(ReplayConfig replay, List<String> candidates, String candidatesFile, String hardwareFile,
        String profilesDir, ServingSlo slo, boolean requestLatency) {

    public CostConfig {
        candidates = List.copyOf(candidates);
    }
}
