package io.moereplay.jobs.validate;

import io.moereplay.model.perf.ExpertFfnTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * A hand-made sweep of one model with 4 experts, top-1, 100 tokens loaded 70/10/10/10, on 2 GPUs
 * without replicas (experts 0-1 on GPU 0, 2-3 on GPU 1) and with expert 0 replicated onto GPU 1
 * (35 tokens each), timed by an FFN of 10 us + 1 us per token.
 */
class ValidationReportTest {

    private static final ExpertFfnTime FFN = tokens -> tokens == 0 ? 0 : 10 + tokens;
    private static final String HEADER = LayerCaseCsv.HEADER;

    @TempDir
    Path dir;

    @Test
    void eachMeasurementSitsBesideTheServingModelsPrediction() throws Exception {
        Path cases = write("cases.csv", HEADER,
                "m/t100/skew/2gpu-none,M,64,128,4,1,100,2,none,skew,0,0,70",
                "m/t100/skew/2gpu-none,M,64,128,4,1,100,2,none,skew,0,1,10",
                "m/t100/skew/2gpu-none,M,64,128,4,1,100,2,none,skew,1,2,10",
                "m/t100/skew/2gpu-none,M,64,128,4,1,100,2,none,skew,1,3,10",
                "m/t100/skew/2gpu-greedy,M,64,128,4,1,100,2,greedy,skew,0,0,35",
                "m/t100/skew/2gpu-greedy,M,64,128,4,1,100,2,greedy,skew,0,1,10",
                "m/t100/skew/2gpu-greedy,M,64,128,4,1,100,2,greedy,skew,1,0,35",
                "m/t100/skew/2gpu-greedy,M,64,128,4,1,100,2,greedy,skew,1,2,10",
                "m/t100/skew/2gpu-greedy,M,64,128,4,1,100,2,greedy,skew,1,3,10");
        Path measured = write("measured.csv", MeasuredLayers.HEADER,
                "m/t100/skew/2gpu-none,gpu_experts,0,110.0,100,120,20,H100",
                "m/t100/skew/2gpu-none,gpu_experts,1,40.0,38,42,20,H100",
                "m/t100/skew/2gpu-greedy,gpu_experts,0,60.0,58,62,20,H100",
                "m/t100/skew/2gpu-greedy,gpu_experts,1,80.0,78,82,20,H100");
        List<String> missing = new ArrayList<>();
        List<KernelModel> kernels = List.of(new KernelModel("sequential", "gpu_experts",
                model -> new KernelModel.Prediction(FFN, "test")));
        List<ValidationRow> rows = ValidationReport.rows(LayerCaseCsv.read(cases), MeasuredLayers.read(measured), kernels, missing);

        assertThat(missing).isEmpty();
        // No replicas: GPU 0 = (10 + 70) + (10 + 10) = 100 us against 110 measured; GPU 1 = 2 x 20 = 40.
        assertThat(value(rows, "m/t100/skew/2gpu-none", "gpu_experts", 0)).containsExactly(110.0, 100.0, 100.0 / 110 - 1);
        assertThat(value(rows, "m/t100/skew/2gpu-none", "gpu_experts", 1)).containsExactly(40.0, 40.0, 0.0);
        assertThat(value(rows, "m/t100/skew/2gpu-none", "layer_experts", null)).containsExactly(110.0, 100.0, 100.0 / 110 - 1);
        // Replicated: GPU 0 = 45 + 20 = 65, GPU 1 = 45 + 20 + 20 = 85; the layer is GPU 1's.
        assertThat(value(rows, "m/t100/skew/2gpu-greedy", "layer_experts", null)).containsExactly(80.0, 85.0, 85.0 / 80 - 1);
        // Gain: measured 1 - 80/110, predicted 1 - 85/100.
        List<Double> gain = value(rows, "m/t100/skew/2gpu-greedy", "placement_gain", null);
        assertThat(gain.get(0)).isCloseTo(1 - 80.0 / 110, within(1e-12));
        assertThat(gain.get(1)).isCloseTo(0.15, within(1e-12));

        String summary = ValidationSummary.of(rows).markdown();
        assertThat(summary).contains("| placement_gain | test | 1 | 0.273 |").contains("sign 1/1, within 20% 0/1");
    }

    @Test
    void badRowsNameTheFileLineAndField() throws Exception {
        Path cases = write("bad.csv", HEADER, "c,M,64,128,4,1,many,2,none,skew,0,0,70");
        assertThatThrownBy(() -> LayerCaseCsv.read(cases))
                .hasMessageContaining("bad.csv: line 2: field 'tokens' is 'many'");
        Path measured = write("bad-measured.csv", MeasuredLayers.HEADER, "c,gpu_experts,0,-3,1,1,1,H100");
        assertThatThrownBy(() -> MeasuredLayers.read(measured))
                .hasMessageContaining("bad-measured.csv: line 2: field 'median_us' is -3.0");
    }

    private static List<Double> value(List<ValidationRow> rows, String layerCase, String component, Integer gpu) {
        ValidationRow row = rows.stream().filter(r -> r.layerCase().equals(layerCase) && r.component().equals(component)
                && java.util.Objects.equals(r.gpu(), gpu)).findFirst().orElseThrow();
        return List.of(row.measured(), row.predicted(), row.error());
    }

    private Path write(String name, String... lines) throws Exception {
        return Files.write(dir.resolve(name), List.of(lines));
    }
}
