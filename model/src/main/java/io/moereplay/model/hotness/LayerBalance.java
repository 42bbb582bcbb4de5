package io.moereplay.model.hotness;

/**
 * How evenly one layer's routed tokens spread over its experts in one window.
 *
 * @param window window index
 * @param layer layer id
 * @param experts experts in the layer (E)
 * @param totalTokens routed token choices in the layer (a top-k token counts k times)
 * @param maxTokens the busiest expert's tokens
 * @param meanTokens totalTokens / E
 * @param balancedness meanTokens / maxTokens, in (0, 1]; 1 is perfectly even
 * @param maxOverMean maxTokens / meanTokens, at least 1
 * @param normalizedEntropy exp(H) / E with H = -sum p ln p over expert shares: the effective
 *     fraction of experts in use, in (0, 1]
 * @param gini Gini coefficient of the expert loads, in [0, 1 - 1/E]; 0 is perfectly even
 * @param deadExperts experts with no tokens
 * @param hotExperts experts flagged hot (tokens at least threshold x mean)
 * @param driftTvd total variation distance of this window's share vector from the layer's
 *     previous window, in [0, 1]; null for the layer's first window
 */
public record LayerBalance(
        long window,
        int layer,
        int experts,
        long totalTokens,
        long maxTokens,
        double meanTokens,
        double balancedness,
        double maxOverMean,
        double normalizedEntropy,
        double gini,
        int deadExperts,
        int hotExperts,
        Double driftTvd) {}
