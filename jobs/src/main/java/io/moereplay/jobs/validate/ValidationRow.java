package io.moereplay.jobs.validate;

import io.moereplay.model.validation.LayerCase;

/**
 * One measured quantity against the serving model's prediction.
 *
 * @param layerCase the case id
 * @param model catalogued model
 * @param tokens batch tokens
 * @param gpus expert-parallel GPUs (1: single device)
 * @param policy placement policy
 * @param skew load label
 * @param component what was timed
 * @param gpu the GPU for per-GPU components, else null
 * @param kernelModel the kernel and the model predicting it: {@code sequential/measured},
 *     {@code grouped/interpolated}, {@code grouped/roofline} ({@link KernelModel.Prediction#label()})
 * @param unit {@code us} or {@code ratio}
 * @param measured measured value
 * @param predicted predicted value, or null where the model has no term for the component
 * @param error predicted / measured - 1, or null
 */
public record ValidationRow(String layerCase, String model, long tokens, int gpus, String policy, String skew,
        String component, Integer gpu, String kernelModel, String unit, double measured, Double predicted, Double error) {

    static ValidationRow of(LayerCase c, String component, Integer gpu, String kernelModel, String unit,
            double measured, Double predicted) {
        return new ValidationRow(c.id(), c.model(), c.tokens(), c.gpus(), c.policy(), c.skew(), component, gpu,
                kernelModel, unit, measured, predicted, predicted == null ? null : predicted / measured - 1);
    }
}
