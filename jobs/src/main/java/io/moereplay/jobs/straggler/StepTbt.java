package io.moereplay.jobs.straggler;

/**
 * One decode step's time between tokens under one deployment, summed over its layers.
 *
 * @param deployment the deployment's spec
 * @param step decode step number
 * @param sequences tokens the step generates
 * @param tbtMicros the step's time: its layers' shares summed
 * @param overheadMicros the part of it the routing skew costs, layers summed
 * @param layers layers summed so far (all of them once reduced)
 */
public record StepTbt(String deployment, long step, long sequences, double tbtMicros, double overheadMicros,
        int layers) {

    static StepTbt of(StragglerRow row) {
        return new StepTbt(row.deployment(), row.step(), row.sequences(), row.stepShareMicros(), row.stepOverheadMicros(), 1);
    }

    StepTbt plus(StepTbt other) {
        return new StepTbt(deployment, step, sequences, tbtMicros + other.tbtMicros, overheadMicros + other.overheadMicros,
                layers + other.layers);
    }
}
