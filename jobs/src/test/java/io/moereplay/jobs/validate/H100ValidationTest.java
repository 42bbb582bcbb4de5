package io.moereplay.jobs.validate;

import io.moereplay.connectors.catalog.HardwareCatalog;
import io.moereplay.connectors.catalog.ModelCatalog;
import io.moereplay.connectors.profiles.ProfileDatabase;
import io.moereplay.model.perf.ExpertFfnTime;
import io.moereplay.model.validation.LayerCase;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The serving model against the MoE layers measured on an H100 (bench/gpu/validation: 192 cases
 * from {@code validate cases}, run by measure_moe_layer.py), with experts timed by the fit to the
 * separately measured expert profile (profiles/H100-SXM/expert_ffn.csv) and the back-to-back saving
 * measured beside it (profiles/H100-SXM/expert_sequence.csv). Guards the figures the README reports: a model
 * change that moves them fails here.
 */
class H100ValidationTest {

    private static final Path DIR = Path.of("../bench/gpu/validation");

    @Test
    void theFittedModelPredictsTheMeasuredLayersWithin15Percent() throws Exception {
        KernelModel sequential = KernelModels.of(ModelCatalog.builtIn(), HardwareCatalog.builtIn().get("H100-SXM"),
                ProfileDatabase.bundled()).stream().filter(k -> k.kernel().equals("sequential")).findFirst().orElseThrow();
        List<LayerCase> cases = LayerCaseCsv.read(DIR.resolve("cases.csv"));
        List<String> missing = new ArrayList<>();
        List<ValidationRow> rows = ValidationReport.rows(cases, MeasuredLayers.read(DIR.resolve("h100_moe_layer.csv")),
                List.of(sequential), missing);

        assertThat(cases).hasSize(192);
        assertThat(missing).isEmpty();
        assertThat(rows).extracting(ValidationRow::kernelModel).containsOnly("sequential/measured");
        assertThat(mape(rows, "layer_experts")).isLessThan(0.04);
        // The whole single-device layer also holds a router, permutation and combine the model has no term for.
        assertThat(mape(rows, "moe_layer")).isLessThan(0.12);
        List<ValidationRow> gains = rows.stream().filter(r -> r.component().equals("placement_gain")).toList();
        assertThat(gains).hasSize(64);
        assertThat(gains.stream().filter(r -> Math.signum(r.predicted()) == Math.signum(r.measured())).count())
                .isEqualTo(61);
        assertThat(gains.stream().filter(r -> Math.abs(r.measured()) >= 0.05
                && Math.abs(r.predicted() - r.measured()) <= 0.2 * Math.abs(r.measured())).count()).isEqualTo(35);
    }

    private static double mape(List<ValidationRow> rows, String component) {
        return rows.stream().filter(r -> r.component().equals(component)).mapToDouble(r -> Math.abs(r.error()))
                .average().orElseThrow();
    }
}
