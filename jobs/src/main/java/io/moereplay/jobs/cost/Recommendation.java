package io.moereplay.jobs.cost;

import io.moereplay.model.cost.ServingSlo;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The recommended candidate: the cheapest replayed one that meets the SLO (ties: the lower TBT at
 * the SLO's percentile, then the label). A recommendation never misses the SLO: when no candidate
 * meets it there is none, and the closest is named instead, the one whose larger ratio of value at
 * the percentile to target is smallest (ties: the cheaper).
 *
 * @param best the recommended candidate, or null
 * @param closest when there is none, the candidate nearest the SLO, or null when nothing was replayed
 * @param slo the SLO applied
 */
record Recommendation(DeploymentCostRow best, DeploymentCostRow closest, ServingSlo slo) {

    /** Cheapest first: ties on the TBT at the SLO's percentile, then on the label. */
    static final Comparator<DeploymentCostRow> CHEAPEST = Comparator
            .comparingDouble(DeploymentCostRow::usdPerMillionTokens)
            .thenComparingDouble(row -> row.result().slo().tbtAtPercentileMicros())
            .thenComparing(row -> row.candidate().label());

    /** @param cheapestFirst the replayed candidates with a price, sorted by {@link #CHEAPEST} */
    static Recommendation among(List<DeploymentCostRow> cheapestFirst, ServingSlo slo) {
        DeploymentCostRow best = cheapestFirst.stream().filter(row -> row.result().slo().met()).findFirst().orElse(null);
        DeploymentCostRow closest = best != null ? null : cheapestFirst.stream()
                .min(Comparator.comparingDouble((DeploymentCostRow row) -> row.result().slo().distance()))
                .orElse(null);
        return new Recommendation(best, closest, slo);
    }

    /** The recommended candidate's label, or {@code none}. */
    String label() {
        return best == null ? "none" : best.candidate().label();
    }

    /** The recommendation in one sentence, with its figures against the SLO. */
    String sentence() {
        if (best != null) {
            return String.format(Locale.ROOT, "%s at $%.2f per million tokens: %s, within %s", best.candidate().label(),
                    best.usdPerMillionTokens(), best.result().slo().describe(), slo.describe());
        }
        if (closest == null) {
            return "none: no candidate was replayed (every one was dropped by the pre-filter: see deployment_cost.dropped)";
        }
        return "none: no candidate meets " + slo.describe() + "; the closest is " + closest.candidate().label() + " at "
                + closest.result().slo().describe();
    }
}
