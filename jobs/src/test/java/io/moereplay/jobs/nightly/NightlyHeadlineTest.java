package io.moereplay.jobs.nightly;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class NightlyHeadlineTest {

    private static Map<String, Object> stages() {
        Map<String, Object> stages = new LinkedHashMap<>();
        stages.put("replay", Map.of("headline", "R"));
        stages.put("straggler", Map.of("headline", "a\nb"));
        stages.put("placement", Map.of("run_id", "p"));
        return stages;
    }

    @Test
    void eachStagesHeadlineThenTheDrift() {
        Map<String, Object> drift = Map.of("previous_date", "2026-11-22", "layers_to_rebalance", List.of(1, 4),
                "cost_ranking_changed", false);
        assertThat(NightlyHeadline.text(stages(), drift)).isEqualTo(
                "replay: R\nstraggler: a\n  b\ndrift since 2026-11-22: re-place layers 1, 4; cost ranking unchanged");
    }

    @Test
    void theFirstNightSaysWhyThereIsNoDrift() {
        assertThat(NightlyHeadline.text(Map.of("replay", Map.of("headline", "R")), "no earlier night in out"))
                .isEqualTo("replay: R\ndrift: none measured, no earlier night in out");
        assertThat(NightlyHeadline.text(Map.of(), Map.of("previous_date", "2026-11-22", "layers_to_rebalance", List.of(3),
                "cost_ranking_changed", true))).isEqualTo("drift since 2026-11-22: re-place layer 3; cost ranking changed");
    }
}
