package io.moereplay.model.placement;

/**
 * What re-placing one layer every {@code interval} windows with a policy cost over a trace: the
 * layer's decode time under the placement in force in each window, and the pauses to copy weights.
 *
 * @param policy the policy's name
 * @param interval windows between re-placements
 * @param steps decode steps the trace's windows take at the nominal batch
 * @param layerMicros the layer's time summed over those steps
 * @param replacements re-placements made
 * @param expertsMoved weight copies over all re-placements
 * @param bytesMoved their bytes
 * @param pauseMicros their stop-the-world time
 */
public record IntervalCost(String policy, int interval, double steps, double layerMicros, int replacements,
        long expertsMoved, long bytesMoved, double pauseMicros) {

    /** Two layers' costs under the same policy and interval, added. */
    public IntervalCost plus(IntervalCost other) {
        if (!policy.equals(other.policy) || interval != other.interval) {
            throw new IllegalArgumentException("cannot add " + other + " to " + this);
        }
        return new IntervalCost(policy, interval, steps + other.steps, layerMicros + other.layerMicros,
                replacements + other.replacements, expertsMoved + other.expertsMoved, bytesMoved + other.bytesMoved,
                pauseMicros + other.pauseMicros);
    }
}
