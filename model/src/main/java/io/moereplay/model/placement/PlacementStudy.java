package io.moereplay.model.placement;

import io.moereplay.model.perf.ExpertPlacement;
import io.moereplay.model.perf.LayerTiming;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the placement job asks of one layer's windows, in window order: each policy's
 * recommendation from the smoothed loads up to the last window; a backtest of placements fitted
 * at every window and scored on the windows after; and, per re-placement interval, what the
 * layer's decode time and weight copies add up to.
 *
 * <p>Loads are smoothed as shares (a busy window does not outweigh a quiet one) by an exponential
 * moving average over a look-back of N windows, weight {@code 2 / (N + 1)} on the newest; N = 1 uses
 * the last window alone. A chain of placements starts from the current one and each policy
 * re-places from the one in force, so the incremental policy always moves from where it is.
 *
 * <p>Every placement, the one in force included, is scored with the shares {@code dispatch} sends
 * its replicas: under {@link DispatchRule#EQUAL} a placement fitted with unequal shares (an
 * earlier split run's, read back) is scored as an engine would run it.
 *
 * @param layout the GPUs and slots
 * @param dispatch how the router divides an expert's tokens among its replicas
 * @param policies the policies to compare
 * @param scorer the serving model and link costs
 * @param lookBack N above, at least 1
 * @param horizon windows each backtest placement is scored on after its fit
 * @param intervals re-placement intervals to cost, in windows
 */
public record PlacementStudy(SlotLayout layout, DispatchRule dispatch, List<PlacementPolicy> policies,
        PlacementScorer scorer, int lookBack, int horizon, List<Integer> intervals) implements Serializable {

    public PlacementStudy {
        java.util.Objects.requireNonNull(dispatch, "dispatch rule");
        policies = List.copyOf(policies);
        intervals = List.copyOf(intervals);
        if (policies.isEmpty() || lookBack < 1 || horizon < 0 || intervals.stream().anyMatch(i -> i < 1)) {
            throw new IllegalArgumentException("placement study needs a policy, a look-back of at least 1 window,"
                    + " a horizon of 0 or more and intervals of at least 1 window; got " + policies.size()
                    + " policies, look-back " + lookBack + ", horizon " + horizon + ", intervals " + intervals);
        }
    }

    /**
     * What one layer's study finds.
     *
     * @param outcomes one per policy, in policy order
     * @param backtest fitted window by fitted window, policy by policy
     * @param costs one per policy and interval; none with fewer than two windows
     */
    public record LayerResult(List<PolicyOutcome> outcomes, List<BacktestPoint> backtest, List<IntervalCost> costs) {}

    /**
     * @param windows the layer's windows in order, at least one
     * @param current the placement in force, or null for the contiguous layout
     */
    public LayerResult run(List<WindowLoad> windows, ExpertPlacement current) {
        if (windows.isEmpty()) {
            throw new IllegalArgumentException("no windows to place from");
        }
        int experts = windows.get(0).load().length;
        ExpertPlacement start = dispatch.dispatch(
                current != null ? current : ExpertPlacement.contiguous(experts, layout.gpus()));
        List<double[]> smoothed = smooth(windows);
        double[] last = smoothed.get(smoothed.size() - 1);
        List<PolicyOutcome> outcomes = new ArrayList<>();
        List<BacktestPoint> backtest = new ArrayList<>();
        List<IntervalCost> costs = new ArrayList<>();
        for (PlacementPolicy policy : policies) {
            Fits fits = new Fits(policy, smoothed);
            ExpertPlacement after = fits.at(smoothed.size() - 1, start);
            outcomes.add(new PolicyOutcome(policy.name(), last, after, PlacementQuality.of(last, start),
                    PlacementQuality.of(last, after), scorer.step(start, last), scorer.step(after, last),
                    scorer.migration(start, after, layout)));
            backtest(policy.name(), fits, windows, start, backtest);
            if (windows.size() > 1) {
                for (int interval : intervals) {
                    costs.add(cost(policy.name(), fits, interval, windows, start));
                }
            }
        }
        return new LayerResult(outcomes, backtest, costs);
    }

    private List<double[]> smooth(List<WindowLoad> windows) {
        double weight = 2.0 / (lookBack + 1);
        List<double[]> out = new ArrayList<>();
        double[] average = null;
        for (WindowLoad window : windows) {
            double[] shares = window.shares();
            if (average == null) {
                average = shares;
            } else {
                average = average.clone();
                for (int e = 0; e < shares.length; e++) {
                    average[e] = weight * shares[e] + (1 - weight) * average[e];
                }
            }
            out.add(average);
        }
        return out;
    }

    private void backtest(String policy, Fits fits, List<WindowLoad> windows, ExpertPlacement start,
            List<BacktestPoint> out) {
        ExpertPlacement inForce = start;
        for (int t = 0; t < windows.size(); t++) {
            inForce = fits.at(t, inForce);
            for (int h = 0; h <= horizon && t + h < windows.size(); h++) {
                double[] load = windows.get(t + h).load();
                out.add(new BacktestPoint(policy, windows.get(t).window(), h, windows.get(t + h).window(),
                        PlacementQuality.of(load, inForce), scorer.step(inForce, load)));
            }
        }
    }

    private IntervalCost cost(String policy, Fits fits, int interval, List<WindowLoad> windows,
            ExpertPlacement start) {
        ExpertPlacement inForce = start;
        double steps = 0;
        double layerMicros = 0;
        int replacements = 0;
        long moved = 0;
        long bytes = 0;
        double pause = 0;
        for (int w = 0; w < windows.size(); w++) {
            WindowLoad window = windows.get(w);
            double windowSteps = scorer.steps(window.total());
            LayerTiming step = scorer.step(inForce, window.load());
            steps += windowSteps;
            layerMicros += windowSteps * step.stepShareMicros();
            if ((w + 1) % interval == 0 && w + 1 < windows.size()) {
                ExpertPlacement next = fits.at(w, inForce);
                PlacementMigration migration = scorer.migration(inForce, next, layout);
                replacements++;
                moved += migration.expertsMoved();
                bytes += migration.bytesMoved();
                pause += migration.pauseMicros();
                inForce = next;
            }
        }
        return new IntervalCost(policy, interval, steps, layerMicros, replacements, moved, bytes, pause);
    }

    /**
     * One policy's placements fitted to window {@code w}'s smoothed loads, each computed once: the
     * backtest and every interval's chain ask for the same fits (a policy that ignores the placement
     * in force gives one per window; one that starts from it, one per window and placement in force).
     */
    private final class Fits {
        private final PlacementPolicy policy;
        private final List<double[]> smoothed;
        private final Map<List<Object>, ExpertPlacement> fitted = new HashMap<>();

        Fits(PlacementPolicy policy, List<double[]> smoothed) {
            this.policy = policy;
            this.smoothed = smoothed;
        }

        ExpertPlacement at(int window, ExpertPlacement inForce) {
            List<Object> key = policy.startsFromCurrent() ? List.of(window, inForce) : List.of(window);
            return fitted.computeIfAbsent(key,
                    k -> dispatch.dispatch(policy.place(smoothed.get(window), layout, inForce)));
        }
    }
}
