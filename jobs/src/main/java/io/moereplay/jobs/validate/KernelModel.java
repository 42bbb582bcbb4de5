package io.moereplay.jobs.validate;

import io.moereplay.model.perf.ExpertFfnTime;

import java.util.function.Function;

/**
 * One way a validation predicts a GPU's expert time, against one measured component: the
 * sequential kernel model against {@code gpu_experts} (each replica's own FFN, back to back), the
 * grouped one against {@code gpu_experts_grouped} (the GPU's replicas as one grouped call).
 *
 * @param kernel {@code sequential} or {@code grouped}
 * @param measuredComponent the measured component it predicts
 * @param byModel per catalogued model, its prediction, or null where another kernel model of the
 *     validation already makes the same one (a GPU without the profile falls back to the roofline)
 */
public record KernelModel(String kernel, String measuredComponent, Function<String, Prediction> byModel) {

    /**
     * @param time the GPU's expert time
     * @param label how it was made, as the validation table names it: {@code grouped/measured},
     *     {@code sequential/interpolated}, {@code grouped/roofline}
     */
    public record Prediction(ExpertFfnTime time, String label) {}

    /** The suffix of the rows drawn from this kernel's measurements: {@code _grouped} or nothing. */
    public String suffix() {
        return measuredComponent.substring("gpu_experts".length());
    }
}
