package io.moereplay.model.routing;

/**
 * How well one layer's fitted popularity matches its observed load counts.
 *
 * @param layer the layer's index in the calibration's counts
 * @param popularity the fitted shares by rank, over the observed rank order (rank r is the r-th
 *     most loaded expert, ties by id)
 * @param totalVariation half the L1 distance between observed and fitted shares, expert by expert
 * @param observedMaxOverMean the busiest expert's load over the mean, observed
 * @param fittedMaxOverMean the same of the fitted shares
 * @param observedGini the Gini coefficient of the observed loads
 * @param fittedGini the same of the fitted shares
 */
public record LayerFit(
        int layer,
        LayerPopularity popularity,
        double totalVariation,
        double observedMaxOverMean,
        double fittedMaxOverMean,
        double observedGini,
        double fittedGini) {

    /** fitted / observed - 1 of max/mean. */
    public double maxOverMeanError() {
        return fittedMaxOverMean / observedMaxOverMean - 1;
    }

    /** fitted / observed - 1 of the Gini; 0 when both are 0 (even loads). */
    public double giniError() {
        return observedGini == fittedGini ? 0 : fittedGini / observedGini - 1;
    }
}
