package io.moereplay.jobs.straggler;

/**
 * One row of {@code tbt_summary}: a deployment's time between tokens over the replay.
 *
 * @param deployment the deployment's spec
 * @param steps decode steps
 * @param tokens tokens generated
 * @param tbtP50Micros median step time
 * @param tbtP90Micros 90th percentile
 * @param tbtP99Micros 99th percentile
 * @param tbtMeanMicros mean
 * @param meanOverheadMicros mean per-step straggler overhead (layers summed)
 * @param overheadShare total overhead over total step time
 * @param tokensPerSecond tokens over the summed step time (steps back to back)
 */
public record TbtSummaryRow(String deployment, long steps, long tokens, double tbtP50Micros, double tbtP90Micros,
        double tbtP99Micros, double tbtMeanMicros, double meanOverheadMicros, double overheadShare,
        double tokensPerSecond) implements java.io.Serializable {}
