package io.moereplay.jobs.straggler;

/**
 * One decode step's time between tokens under one deployment, summed over its layers.
 *
 * <p>Times are summed in whole picoseconds: layers reach the reduce in whatever order the
 * cluster delivers them, and a sum of longs, unlike one of doubles, does not depend on it, so
 * embedded and cluster runs write the same bits.
 *
 * @param deployment the deployment's spec
 * @param step decode step number
 * @param sequences tokens the step generates
 * @param tbtPicos the step's time: its layers' shares summed
 * @param overheadPicos the part of it the routing skew costs, layers summed
 * @param layers layers summed so far (all of them once reduced)
 */
public record StepTbt(String deployment, long step, long sequences, long tbtPicos, long overheadPicos, int layers) {

    static final double PICOS_PER_MICRO = 1e6;

    static StepTbt of(StragglerRow row) {
        return new StepTbt(row.deployment(), row.step(), row.sequences(), picos(row.stepShareMicros()),
                picos(row.stepOverheadMicros()), 1);
    }

    StepTbt plus(StepTbt other) {
        return new StepTbt(deployment, step, sequences, tbtPicos + other.tbtPicos, overheadPicos + other.overheadPicos,
                layers + other.layers);
    }

    double tbtMicros() {
        return tbtPicos / PICOS_PER_MICRO;
    }

    private static long picos(double micros) {
        return Math.round(micros * PICOS_PER_MICRO);
    }
}
