package io.moereplay.jobs.cost;

import io.moereplay.model.cost.SloOutcome;

/**
 * A candidate on the frontier of cost per token against the TBT at the SLO's percentile (no other
 * replayed candidate is both cheaper and faster there), or the recommended one.
 *
 * @param candidate the candidate's label
 * @param usdPerMillionTokens its cost per million output tokens
 * @param slo the SLO applied, its TBT and TTFT at the SLO's percentiles and whether it meets it
 * @param onFrontier whether no candidate dominates it
 * @param recommended the cheapest candidate that meets the SLO
 */
public record ParetoRow(String candidate, double usdPerMillionTokens, SloOutcome slo, boolean onFrontier,
        boolean recommended) {}
