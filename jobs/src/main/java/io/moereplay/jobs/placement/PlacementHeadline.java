package io.moereplay.jobs.placement;

import io.moereplay.model.hotness.WindowSpec;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The placement run's headline: the recommendation in words. Either which experts to replicate on
 * which GPUs, with which policy, how often, at how many copies and for what gain; or to keep the
 * placement in force, and why: re-placing does not pay for its copies, or one window of loads cannot
 * tell. Built from the run's {@code placement_recommendation} rows ({@link PlacementChoice}) and its
 * {@code placement_summary} rows ({@link PlacementGist}).
 */
public final class PlacementHeadline {

    private PlacementHeadline() {}

    /**
     * @param choices every (policy, interval) over the whole model; empty when the loads have one window
     * @param gists every (layer, policy) at the last window's loads
     * @param window the windows the loads were cut into
     */
    public static String text(List<PlacementChoice> choices, List<PlacementGist> gists, WindowSpec window) {
        Optional<PlacementChoice> recommended = choices.stream().filter(PlacementChoice::recommended).findFirst();
        if (recommended.isEmpty()) {
            return "keep the current placement for now: the loads are one window, so re-placing cannot be weighed"
                    + " against its copies (cut them into windows with --window)" + bestAtTheseLoads(gists);
        }
        PlacementChoice best = recommended.get();
        String copies = String.format("%,d expert copies (%.1f s of copy pauses)", best.expertsMoved(), best.pauseSeconds());
        if (best.expertsMoved() == 0) {
            return "keep the current placement: re-placing does not pay for its copies" + runnerUp(choices, best, window);
        }
        if (best.policy().equals("none")) {
            // Only a placement in force with replicas (--current) makes 'none' move anything.
            return "drop the replicas of the current placement for the contiguous layout (policy none): " + copies
                    + runnerUp(choices, best, window);
        }
        String gain = best.savingVsNone() == null ? ""
                : String.format(", %.1f%% %s MoE decode time than no replication", 100 * Math.abs(best.savingVsNone()),
                        best.savingVsNone() >= 0 ? "less" : "more");
        return "replicate with " + best.policy() + " every " + every(best.interval(), window) + ": " + copies + gain
                + example(gists, best.policy());
    }

    /** Why not the others: the best other choice that moves experts, against the recommended one. */
    private static String runnerUp(List<PlacementChoice> choices, PlacementChoice chosen, WindowSpec window) {
        return choices.stream().filter(c -> c != chosen && c.expertsMoved() > 0 && c.savingVsNone() != null
                        && chosen.savingVsNone() != null)
                .max(Comparator.comparingDouble(PlacementChoice::savingVsNone))
                .map(c -> String.format("; the best re-placement, %s every %s, takes %.1f%% more MoE decode time"
                        + " (copy pauses included) with %,d expert copies", c.policy(), every(c.interval(), window),
                        100 * (chosen.savingVsNone() - c.savingVsNone()), c.expertsMoved()))
                .orElse("");
    }

    /** With one window: what the policy that balances best would do to the most skewed layer. */
    private static String bestAtTheseLoads(List<PlacementGist> gists) {
        return gists.stream().filter(g -> !g.policy().equals("none"))
                .min(Comparator.comparingDouble(PlacementGist::maxOverMeanAfter).thenComparingInt(PlacementGist::copies))
                .map(g -> "; at these loads " + g.policy() + " would balance best" + example(gists, g.policy()))
                .orElse("");
    }

    /** The policy's placement of the layer that was most skewed before it. */
    private static String example(List<PlacementGist> gists, String policy) {
        return gists.stream().filter(g -> g.policy().equals(policy))
                .max(Comparator.comparingDouble(PlacementGist::maxOverMeanBefore)
                        .thenComparing(Comparator.comparingInt(PlacementGist::layer).reversed()))
                .map(g -> String.format("; e.g. layer %d, busiest GPU %.2f -> %.2f times the mean with %d copies: %s"
                        + " (every layer: table placement, policy %s)", g.layer(), g.maxOverMeanBefore(),
                        g.maxOverMeanAfter(), g.copies(), g.replicasText(), policy))
                .orElse("");
    }

    /** "2 windows of 60 s", "window of 50 forward passes". */
    static String every(int interval, WindowSpec window) {
        String length = switch (window.kind()) {
            case TIME -> window.length() % 1_000_000 == 0 ? window.length() / 1_000_000 + " s"
                    : window.length() / 1000.0 + " ms";
            case TOKENS -> window.length() + " tokens";
            case PASSES -> window.length() + " forward passes";
            case STEPS -> window.length() + " decode steps";
            case ALL -> "the whole trace";
        };
        return (interval == 1 ? "window" : interval + " windows") + " of " + length;
    }
}
