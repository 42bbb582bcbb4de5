package io.moereplay.jobs.placement;

import io.moereplay.model.hotness.WindowSpec;
import io.moereplay.model.perf.ExpertPlacement;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class PlacementHeadlineTest {

    private static final WindowSpec MINUTE = WindowSpec.parse("60s");

    private static PlacementGist gist(int layer, String policy, Map<Integer, List<Integer>> replicas, double before,
            double after, int copies) {
        return new PlacementGist(layer, policy, new TreeMap<>(replicas), before, after, copies);
    }

    @Test
    void aRecommendedPolicyNamesExpertsGpusCopiesGainAndHowOften() {
        List<PlacementChoice> choices = List.of(new PlacementChoice("none", 1, 0.0, 0, 4, 0, false),
                new PlacementChoice("greedy", 2, 0.065, 1234, 64, 3.8, true));
        List<PlacementGist> gists = List.of(gist(0, "greedy", Map.of(3, List.of(0, 2)), 2.0, 1.05, 3),
                gist(1, "greedy", Map.of(5, List.of(1, 3), 7, List.of(0, 2)), 3.5, 1.1, 4),
                gist(1, "none", Map.of(), 3.5, 3.5, 0));
        assertThat(PlacementHeadline.text(choices, gists, MINUTE)).isEqualTo("replicate with greedy every 2 windows"
                + " of 60 s: 1,234 expert copies (3.8 s of copy pauses), 6.5% less MoE decode time than no replication;"
                + " e.g. layer 1, busiest GPU 3.50 -> 1.10 times the mean with 4 copies: expert 5 on GPUs 1, 3; expert 7"
                + " on GPUs 0, 2 (every layer: table placement, policy greedy)");
    }

    @Test
    void keepingThePlacementSaysWhatTheBestReplacementWouldCost() {
        // Keeping saves 0 against none; greedy every window costs 10.7% more, eplb 20%.
        List<PlacementChoice> choices = List.of(new PlacementChoice("none", 1, 0.0, 0, 4, 0, true),
                new PlacementChoice("greedy", 1, -0.107, 32, 4, 0.5, false),
                new PlacementChoice("eplb", 2, -0.2, 20, 2, 0.3, false));
        assertThat(PlacementHeadline.text(choices, List.of(), MINUTE)).isEqualTo("keep the current placement:"
                + " re-placing does not pay for its copies; the best re-placement, greedy every window of 60 s, takes"
                + " 10.7% more MoE decode time (copy pauses included) with 32 expert copies");
    }

    @Test
    void noneMovingExpertsDropsTheReplicasOfThePlacementInForce() {
        List<PlacementChoice> choices = List.of(new PlacementChoice("none", 1, 0.0, 40, 4, 1.25, true),
                new PlacementChoice("greedy", 1, -0.05, 96, 4, 2.5, false));
        assertThat(PlacementHeadline.text(choices, List.of(), MINUTE)).isEqualTo("drop the replicas of the current"
                + " placement for the contiguous layout (policy none): 40 expert copies (1.3 s of copy pauses); the best"
                + " re-placement, greedy every window of 60 s, takes 5.0% more MoE decode time (copy pauses included) with"
                + " 96 expert copies");
    }

    @Test
    void withoutNoneAmongThePoliciesTheGainIsLeftOut() {
        assertThat(PlacementHeadline.text(List.of(new PlacementChoice("eplb", 4, null, 8, 1, 0.2, true)), List.of(),
                WindowSpec.parse("1000tok"))).isEqualTo("replicate with eplb every 4 windows of 1000 tokens: 8 expert"
                + " copies (0.2 s of copy pauses)");
    }

    @Test
    void oneWindowKeepsThePlacementAndShowsTheBestBalanceAtTheseLoads() {
        List<PlacementGist> gists = List.of(gist(0, "none", Map.of(), 2.0, 2.0, 0),
                gist(0, "greedy", Map.of(1, List.of(0, 1)), 2.0, 1.2, 2),
                gist(0, "eplb", Map.of(1, List.of(0, 1), 2, List.of(0, 1)), 2.0, 1.1, 3));
        assertThat(PlacementHeadline.text(List.of(), gists, WindowSpec.all())).isEqualTo("keep the current placement"
                + " for now: the loads are one window, so re-placing cannot be weighed against its copies (cut them into"
                + " windows with --window); at these loads eplb would balance best; e.g. layer 0, busiest GPU 2.00 -> 1.10"
                + " times the mean with 3 copies: expert 1 on GPUs 0, 1; expert 2 on GPUs 0, 1 (every layer: table"
                + " placement, policy eplb)");
    }

    @Test
    void replicatedExpertsAreThoseOnMoreThanOneGpu() {
        ExpertPlacement placement = new ExpertPlacement(2, 3, new int[] {0, 1, 1, 2}, new int[] {0, 1, 0, 1},
                new double[] {1, 0.5, 0.5, 1});
        assertThat(PlacementGist.replicated(placement)).containsExactly(Map.entry(1, List.of(0, 1)));
    }

    @Test
    void windowsInWords() {
        assertThat(PlacementHeadline.every(1, MINUTE)).isEqualTo("window of 60 s");
        assertThat(PlacementHeadline.every(4, WindowSpec.parse("50pass"))).isEqualTo("4 windows of 50 forward passes");
    }
}
