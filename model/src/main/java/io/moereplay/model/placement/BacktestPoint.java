package io.moereplay.model.placement;

import io.moereplay.model.perf.LayerTiming;

/**
 * A placement fitted on the loads up to one window, scored on a later window's actual load.
 *
 * @param policy the policy's name
 * @param fitWindow the last window the placement saw
 * @param horizon windows after it, 0 for the fitted window itself
 * @param window the window scored
 * @param quality the placement's spread of that window's load
 * @param step one decode step of the layer at that window's proportions
 */
public record BacktestPoint(String policy, long fitWindow, int horizon, long window, PlacementQuality quality,
        LayerTiming step) {}
