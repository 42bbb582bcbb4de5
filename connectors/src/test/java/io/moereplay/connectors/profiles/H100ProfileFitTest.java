package io.moereplay.connectors.profiles;

import io.moereplay.connectors.catalog.HardwareCatalog;
import io.moereplay.connectors.catalog.ModelCatalog;
import io.moereplay.model.catalog.MoeModelSpec;
import io.moereplay.model.hardware.GpuSpec;
import io.moereplay.model.perf.FittedExpertFfn;
import io.moereplay.model.perf.FloorLineFit;
import io.moereplay.model.perf.ProfilePoints;
import io.moereplay.model.perf.RooflineExpertFfn;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The serving models against the project's H100 measurements (bench/gpu/, committed with the
 * scripts that made them): each expert shape's fitted model within 10% MAPE over 1..8192 tokens,
 * and decode attention's within 10% over its KV-cache sweep. The tables print the per-shape
 * errors the README reports.
 */
class H100ProfileFitTest {

    private static final Path GPU = Path.of("../profiles/H100-SXM");

    @Test
    void expertFfnFitsEveryCatalogShapeWithin10Percent() throws Exception {
        Map<String, ProfilePoints> profiles = MeasuredProfiles.expertFfn(GPU.resolve("expert_ffn.csv"));
        assertThat(profiles).hasSize(8);
        GpuSpec h100 = HardwareCatalog.builtIn().get("H100-SXM");
        ModelCatalog models = ModelCatalog.builtIn();
        System.out.println("H100 expert FFN, 1..8192 tokens: fitted floor-then-line vs roofline at 65%/75% of peak");
        System.out.printf(Locale.ROOT, "%-16s %9s %9s %8s %9s %9s %9s%n", "model", "floor us", "us/token", "knee",
                "fit MAPE", "line MAPE", "roofline");
        for (Map.Entry<String, ProfilePoints> entry : profiles.entrySet()) {
            ProfilePoints points = entry.getValue();
            FloorLineFit fit = points.floorLineFit();
            FittedExpertFfn fitted = FittedExpertFfn.of(fit);
            MoeModelSpec model = models.get(entry.getKey());
            // Measured in bf16 whatever the catalog serves the model in (DeepSeek-V3: fp8).
            RooflineExpertFfn roofline = new RooflineExpertFfn(model.hiddenSize(), model.expertIntermediateSize(),
                    model.ffnMatrices(), 2, 1, h100, 0.65, 0.75, 5);
            double fittedError = mape(points, fitted::micros);
            System.out.printf(Locale.ROOT, "%-16s %9.1f %9.4f %8.0f %8.1f%% %8.1f%% %8.1f%%%n", entry.getKey(),
                    fit.floor(), fit.line().slope(), fit.knee(), 100 * fittedError,
                    100 * points.linearFit().meanAbsolutePercentageError(), 100 * mape(points, roofline::micros));
            double[] x = points.x();
            double[] y = points.micros();
            StringBuilder pairs = new StringBuilder("    measured / fitted / roofline us:");
            for (int i = 0; i < x.length; i++) {
                if (x[i] == 1 || x[i] == 128 || x[i] == 1024 || x[i] == 8192) {
                    pairs.append(String.format(Locale.ROOT, "  b=%.0f %.1f / %.1f / %.1f", x[i], y[i],
                            fitted.micros((long) x[i]), roofline.micros((long) x[i])));
                }
            }
            System.out.println(pairs);
            assertThat(fittedError).as(entry.getKey()).isLessThanOrEqualTo(0.10);
            assertThat(fittedError).isCloseTo(fit.meanAbsolutePercentageError(), org.assertj.core.data.Offset.offset(1e-9));
        }
    }

    @Test
    void decodeAttentionFollowsKvBytesWithin10Percent() throws Exception {
        Map<String, ProfilePoints> profiles = MeasuredProfiles.decodeAttention(GPU.resolve("decode_attention.csv"));
        assertThat(profiles).containsOnlyKeys("Mixtral-8x7B", "Mixtral-8x22B", "Qwen3-235B-A22B");
        System.out.println("H100 GQA decode attention over KV bytes: floor-then-line fit");
        for (Map.Entry<String, ProfilePoints> entry : profiles.entrySet()) {
            FloorLineFit fit = entry.getValue().floorLineFit();
            double bandwidth = 1 / fit.line().slope() / 1e6;
            System.out.printf(Locale.ROOT, "%-16s floor %.1f us, %.2f TB/s effective, MAPE %.1f%% over %d points%n",
                    entry.getKey(), fit.floor(), bandwidth, 100 * fit.meanAbsolutePercentageError(),
                    entry.getValue().x().length);
            assertThat(fit.meanAbsolutePercentageError()).as(entry.getKey()).isLessThanOrEqualTo(0.10);
            // Memory-bound: the slope is a bandwidth between half the H100's 3.35 TB/s and all of it.
            assertThat(bandwidth).isBetween(1.6, 3.35);
        }
    }

    private static double mape(ProfilePoints points, java.util.function.LongToDoubleFunction model) {
        double[] x = points.x();
        double[] y = points.micros();
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            sum += Math.abs(model.applyAsDouble((long) x[i]) - y[i]) / y[i];
        }
        return sum / x.length;
    }
}
