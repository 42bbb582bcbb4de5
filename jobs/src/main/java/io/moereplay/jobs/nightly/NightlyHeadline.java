package io.moereplay.jobs.nightly;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The night's headline: each stage's headline under its name, then the drift against the previous
 * night, e.g. {@code drift since 2026-11-22: re-place layers 1, 4; cost ranking unchanged}.
 */
final class NightlyHeadline {

    private NightlyHeadline() {}

    /**
     * @param stages each stage's run summary, in the order run
     * @param drift the manifest's {@code drift}: a map with {@code previous_date},
     *     {@code layers_to_rebalance} and {@code cost_ranking_changed}, or why there is none
     */
    static String text(Map<String, Object> stages, Object drift) {
        List<String> lines = new ArrayList<>();
        stages.forEach((stage, summary) -> {
            if (((Map<?, ?>) summary).get("headline") instanceof String headline) {
                lines.add(stage + ": " + headline.replace("\n", "\n  "));
            }
        });
        lines.add(driftText(drift));
        return String.join("\n", lines);
    }

    private static String driftText(Object drift) {
        if (!(drift instanceof Map<?, ?> since)) {
            return "drift: none measured, " + drift;
        }
        List<?> layers = (List<?>) since.get("layers_to_rebalance");
        String rebalance = layers.isEmpty() ? "no layer to re-place"
                : "re-place layer" + (layers.size() == 1 ? " " : "s ")
                        + String.join(", ", layers.stream().map(String::valueOf).toList());
        return "drift since " + since.get("previous_date") + ": " + rebalance + "; cost ranking "
                + (Boolean.TRUE.equals(since.get("cost_ranking_changed")) ? "changed" : "unchanged");
    }
}
