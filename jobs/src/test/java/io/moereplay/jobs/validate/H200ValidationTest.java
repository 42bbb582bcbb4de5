package io.moereplay.jobs.validate;

import io.moereplay.connectors.catalog.HardwareCatalog;
import io.moereplay.connectors.catalog.ModelCatalog;
import io.moereplay.connectors.profiles.ProfileDatabase;
import io.moereplay.model.validation.LayerCase;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The serving model against 8-GPU expert-parallel layers measured on an H200 (bench/gpu/validation:
 * cases_h200.csv, h200_moe_layer.csv: 128 cases of Mixtral-8x7B, Qwen3-30B-A3B, DeepSeek-V3 and
 * OLMoE-1B-7B, 64-4096 tokens per GPU, balanced, Zipf and hot loads), each GPU's experts timed both
 * one after another and as one grouped call, predicted from the bundled H200 profiles. Guards the
 * figures docs/validation.md reports (issue 17: within 10% for the busiest and least busy GPU, both
 * kernels) and prints them per model.
 */
class H200ValidationTest {

    private static final Path DIR = Path.of("../bench/gpu/validation");

    @Test
    void bothKernelsPredictTheBusiestAndLeastBusyGpuWithin10Percent() throws Exception {
        List<KernelModel> kernels = KernelModels.of(ModelCatalog.builtIn(), HardwareCatalog.builtIn().get("H200"),
                ProfileDatabase.bundled());
        List<LayerCase> cases = LayerCaseCsv.read(DIR.resolve("cases_h200.csv"));
        List<String> missing = new ArrayList<>();
        List<ValidationRow> rows = ValidationReport.rows(cases, MeasuredLayers.read(DIR.resolve("h200_moe_layer.csv")),
                kernels, missing);

        assertThat(missing).isEmpty();
        print(rows);
        for (String suffix : List.of("", "_grouped")) {
            String kernel = suffix.isEmpty() ? "sequential/measured" : "grouped/measured";
            assertThat(mape(rows, "busiest_gpu" + suffix, kernel)).isLessThan(0.10);
            assertThat(mape(rows, "least_busy_gpu" + suffix, kernel)).isLessThan(0.10);
        }
    }

    private static double mape(List<ValidationRow> rows, String component, String kernel) {
        return rows.stream().filter(r -> r.component().equals(component) && r.kernelModel().equals(kernel))
                .mapToDouble(r -> Math.abs(r.error())).average().orElseThrow();
    }

    /** MAPE of the busiest and least busy GPU per kernel model and catalogued model. */
    private static void print(List<ValidationRow> rows) {
        Map<String, double[]> sums = new TreeMap<>();
        for (ValidationRow row : rows) {
            if (row.component().startsWith("busiest_gpu") || row.component().startsWith("least_busy_gpu")) {
                double[] sum = sums.computeIfAbsent(String.format(Locale.ROOT, "%-22s %-20s %-16s", row.kernelModel(),
                        row.component(), row.model()), k -> new double[2]);
                sum[0] += Math.abs(row.error());
                sum[1]++;
            }
        }
        sums.forEach((key, sum) -> System.out.printf(Locale.ROOT, "%s %5.1f%% (%d)%n", key, 100 * sum[0] / sum[1],
                (int) sum[1]));
    }
}
