package io.moereplay.jobs.placement;

import java.io.Serializable;

/**
 * One row of {@code placement_recommendation} as the run's headline needs it: a policy and
 * re-placement interval over the whole model.
 *
 * @param policy the policy's name
 * @param interval windows between re-placements
 * @param savingVsNone the fraction of the no-replication total it saves (negative: it costs more); null without that baseline
 * @param expertsMoved weight copies over all re-placements
 * @param replacements re-placements, summed over layers
 * @param pauseSeconds the copies' stop-the-world time
 * @param recommended whether it is the recommendation
 */
public record PlacementChoice(String policy, int interval, Double savingVsNone, long expertsMoved, int replacements,
        double pauseSeconds, boolean recommended) implements Serializable {

    static PlacementChoice of(RecommendationRow row) {
        return new PlacementChoice(row.cost().policy(), row.cost().interval(), row.savingVsNone(), row.cost().expertsMoved(),
                row.cost().replacements(), row.cost().pauseMicros() / 1e6, row.recommended());
    }
}
