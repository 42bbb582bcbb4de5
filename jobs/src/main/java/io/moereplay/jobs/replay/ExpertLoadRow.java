package io.moereplay.jobs.replay;

/**
 * One row of {@code expert_load}: the tokens one expert of one layer received over one window of
 * decode steps.
 *
 * @param window window index
 * @param windowStartMicros start of the window (see the table's documentation)
 * @param firstStep the window's first decode step
 * @param steps decode steps in the window
 * @param decodeTokens tokens generated in those steps
 * @param contextTokens the context those tokens attended over, summed
 * @param layer MoE layer, from 0
 * @param expert expert id: routed experts first, then shared experts
 * @param shared whether the expert is a shared (always-on) expert
 * @param tokens tokens the expert processed
 */
public record ExpertLoadRow(
        long window, long windowStartMicros, long firstStep, long steps, long decodeTokens, long contextTokens,
        int layer, int expert, boolean shared, long tokens) {}
