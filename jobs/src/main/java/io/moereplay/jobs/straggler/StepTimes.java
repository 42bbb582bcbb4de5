package io.moereplay.jobs.straggler;

/**
 * A run of consecutive decode steps' times under one deployment, summed over the layers one task (or,
 * reduced, every task) timed: the partial sums a task sends instead of one record per layer time.
 *
 * <p>Times are whole picoseconds: tasks reach the reduce in whatever order the cluster delivers them,
 * and a sum of longs, unlike one of doubles, does not depend on it, so embedded and cluster runs
 * write the same bits.
 *
 * @param deployment the deployment's spec
 * @param firstStep the first step's number
 * @param sequences tokens each step generates (the same for every layer, so not summed)
 * @param tbtPicos each step's time: its layers' shares summed
 * @param overheadPicos the part of it the routing skew costs, layers summed
 * @param layers layers summed into every step so far
 */
public record StepTimes(String deployment, long firstStep, int[] sequences, long[] tbtPicos, long[] overheadPicos,
        int layers) {

    static final double PICOS_PER_MICRO = 1e6;

    /** Steps in one record: large enough that records are few, small enough to stay well under a network buffer's worth of megabytes. */
    static final int CHUNK = 65_536;

    /** The key of the reduce: the deployment and which chunk of steps. */
    String chunkKey() {
        return deployment + "#" + firstStep / CHUNK;
    }

    int steps() {
        return tbtPicos.length;
    }

    StepTimes plus(StepTimes other) {
        if (other.firstStep != firstStep || other.steps() != steps() || !other.deployment.equals(deployment)) {
            throw new IllegalArgumentException("step times of " + deployment + " from " + firstStep + " summed with "
                    + other.deployment + " from " + other.firstStep);
        }
        long[] tbt = tbtPicos.clone();
        long[] overhead = overheadPicos.clone();
        for (int i = 0; i < tbt.length; i++) {
            tbt[i] += other.tbtPicos[i];
            overhead[i] += other.overheadPicos[i];
        }
        return new StepTimes(deployment, firstStep, sequences, tbt, overhead, layers + other.layers);
    }

    static long picos(double micros) {
        return Math.round(micros * PICOS_PER_MICRO);
    }
}
