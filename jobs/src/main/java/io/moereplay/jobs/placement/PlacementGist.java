package io.moereplay.jobs.placement;

import io.moereplay.model.perf.ExpertPlacement;
import io.moereplay.model.placement.PolicyOutcome;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One row of {@code placement_summary} as the run's headline needs it: what a policy did to one
 * layer at the last window's loads.
 *
 * @param layer layer id
 * @param policy the policy's name
 * @param replicas each expert with more than one replica, to the GPUs holding them, ascending
 * @param maxOverMeanBefore the busiest GPU's load over the mean GPU load, under the placement in force
 * @param maxOverMeanAfter the same under the policy's placement
 * @param copies weight copies from the placement in force to the policy's
 */
public record PlacementGist(int layer, String policy, TreeMap<Integer, List<Integer>> replicas, double maxOverMeanBefore,
        double maxOverMeanAfter, int copies) implements Serializable {

    static PlacementGist of(PlacementSummaryRow row) {
        PolicyOutcome outcome = row.outcome();
        return new PlacementGist(row.layer(), outcome.policy(), replicated(outcome.placement()),
                outcome.before().maxOverMean(), outcome.after().maxOverMean(), outcome.migration().expertsMoved());
    }

    /** Experts placed on more than one GPU, each with its GPUs in ascending order. */
    static TreeMap<Integer, List<Integer>> replicated(ExpertPlacement placement) {
        TreeMap<Integer, List<Integer>> gpus = new TreeMap<>();
        int[] expert = placement.replicaExpert();
        int[] gpu = placement.replicaGpu();
        for (int r = 0; r < expert.length; r++) {
            gpus.computeIfAbsent(expert[r], e -> new ArrayList<>()).add(gpu[r]);
        }
        gpus.values().removeIf(list -> list.size() < 2);
        gpus.values().forEach(list -> list.sort(null));
        return gpus;
    }

    /** "expert 3 on GPUs 0, 2; expert 5 on GPUs 1, 3", or "no expert replicated". */
    String replicasText() {
        if (replicas.isEmpty()) {
            return "no expert replicated";
        }
        List<String> parts = new ArrayList<>();
        for (Map.Entry<Integer, List<Integer>> e : replicas.entrySet()) {
            parts.add("expert " + e.getKey() + " on GPUs "
                    + String.join(", ", e.getValue().stream().map(String::valueOf).toList()));
        }
        return String.join("; ", parts);
    }
}
