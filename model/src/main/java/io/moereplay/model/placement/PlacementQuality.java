package io.moereplay.model.placement;

import io.moereplay.model.perf.ExpertPlacement;

/**
 * How evenly a placement spreads a load over its GPUs.
 *
 * @param lowerBound the total load over the GPUs: no placement's busiest GPU carries less
 * @param maxGpuLoad the busiest GPU's load
 */
public record PlacementQuality(double lowerBound, double maxGpuLoad) {

    public static PlacementQuality of(double[] load, ExpertPlacement placement) {
        double total = 0;
        for (double l : load) {
            total += l;
        }
        double max = 0;
        for (double l : placement.gpuLoad(load)) {
            max = Math.max(max, l);
        }
        return new PlacementQuality(total / placement.gpus(), max);
    }

    /** The busiest GPU over the mean GPU: 1 is perfectly even; 1 for no load. */
    public double maxOverMean() {
        return maxGpuLoad == 0 ? 1 : maxGpuLoad / lowerBound;
    }

    /** DeepSeek's balancedness, mean over max GPU load, in (0, 1]. */
    public double balancedness() {
        return 1 / maxOverMean();
    }

    /** How far the busiest GPU is above the lower bound, as a fraction of it. */
    public double gapToBound() {
        return maxOverMean() - 1;
    }
}
