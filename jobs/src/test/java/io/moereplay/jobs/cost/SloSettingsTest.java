package io.moereplay.jobs.cost;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.moereplay.model.cost.Percentile;
import io.moereplay.model.cost.ServingSlo;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A nightly configuration's cost block carries the SLO keyed as cost's options are. */
class SloSettingsTest {

    private static final Path FILE = Path.of("nightly.json");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void keysSetTheSloAndDefaultAsTheOptions() throws Exception {
        assertThat(SloSettings.fromNightly(FILE, JSON.readTree("{\"candidates\": []}"))).isEqualTo(ServingSlo.DEFAULT);
        assertThat(SloSettings.fromNightly(FILE, JSON.readTree(
                "{\"slo_tbt_ms\": 100, \"slo_tbt_percentile\": 99.9, \"slo_ttft_ms\": 2000, \"slo_ttft_percentile\": 90}")))
                .isEqualTo(new ServingSlo(100, new Percentile(99.9), 2000, new Percentile(90)));
    }

    @Test
    void theCandidatesFileLeavesTheSloOut() throws Exception {
        assertThat(SloSettings.candidatesOnly(JSON.readTree("{\"candidates\": [\"c\"], \"slo_tbt_ms\": 100,"
                + " \"slo_tbt_percentile\": 99, \"slo_ttft_ms\": 1, \"slo_ttft_percentile\": 90, \"search\": {}}")))
                .isEqualTo(JSON.readTree("{\"candidates\": [\"c\"], \"search\": {}}"));
    }

    @Test
    void badValuesAndTheRemovedTargetAreNamed() {
        assertThatThrownBy(() -> SloSettings.fromNightly(FILE, JSON.readTree("{\"slo_target\": 0.99}")))
                .hasMessage("nightly.json: cost.slo_target was removed: the SLO is met at a percentile of every token gap;"
                        + " give \"slo_tbt_percentile\": 99 (and \"slo_ttft_percentile\") instead");
        assertThatThrownBy(() -> SloSettings.fromNightly(FILE, JSON.readTree("{\"slo_tbt_percentile\": 0.99}")))
                .hasMessage("nightly.json: cost.slo_tbt_percentile 0.99 is not a percentile in [50, 100]: give e.g. 99 for p99");
        assertThatThrownBy(() -> SloSettings.fromNightly(FILE, JSON.readTree("{\"slo_ttft_ms\": \"5s\"}")))
                .hasMessage("nightly.json: cost.slo_ttft_ms is \"5s\"; give a number");
        assertThatThrownBy(() -> SloSettings.fromNightly(FILE, JSON.readTree("{\"slo_tbt_ms\": -1}")))
                .hasMessage("nightly.json: cost.slo_tbt_ms -1.0 must be a positive number of milliseconds");
    }
}
