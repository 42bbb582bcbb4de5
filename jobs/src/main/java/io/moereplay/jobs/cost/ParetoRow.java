package io.moereplay.jobs.cost;

/**
 * A candidate on the frontier of cost per token against TBT p99 (no other replayed candidate is
 * both cheaper and faster), or the recommended one.
 *
 * @param candidate the candidate's label
 * @param usdPerMillionTokens its cost per million output tokens
 * @param tbtP99Micros its token-weighted TBT p99
 * @param sloAttainment the fraction of its requests within both latency targets
 * @param onFrontier whether no candidate dominates it
 * @param recommended the cheapest candidate whose SLO attainment reaches the target
 */
public record ParetoRow(String candidate, double usdPerMillionTokens, double tbtP99Micros, double sloAttainment,
        boolean onFrontier, boolean recommended) {}
