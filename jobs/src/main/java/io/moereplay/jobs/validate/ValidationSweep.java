package io.moereplay.jobs.validate;

import io.moereplay.model.catalog.MoeModelSpec;
import io.moereplay.model.validation.CaseSweep;
import io.moereplay.model.validation.LayerCase;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The validation cases for several models: each model's synthetic skews plus the recorded
 * traces' layers that have as many experts as it.
 *
 * @param routing recorded routing traces (files or folders)
 * @param singleDevice whether each load is also measured as the single-device layer
 */
public record ValidationSweep(List<Long> batches, List<String> skews, List<String> routing, int gpus, int redundantSlots,
        long seed, boolean singleDevice) {

    public List<LayerCase> cases(List<MoeModelSpec> models) throws IOException {
        List<Map<String, double[]>> recorded = new ArrayList<>();
        for (String trace : routing) {
            recorded.add(SkewProfiles.recorded(trace));
        }
        List<LayerCase> out = new ArrayList<>();
        for (MoeModelSpec model : models) {
            int experts = model.routedExperts();
            Map<String, double[]> loads = new LinkedHashMap<>();
            for (String skew : skews) {
                loads.put(skew, SkewProfiles.synthetic(skew, experts, seed));
            }
            for (Map<String, double[]> trace : recorded) {
                trace.forEach((label, load) -> {
                    if (load.length == experts) {
                        loads.put(label, load);
                    }
                });
            }
            out.addAll(new CaseSweep(batches, loads, gpus, redundantSlots, singleDevice).cases(model));
        }
        return out;
    }
}
