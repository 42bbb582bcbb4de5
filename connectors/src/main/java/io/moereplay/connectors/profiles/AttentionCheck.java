package io.moereplay.connectors.profiles;

import io.moereplay.model.hardware.GpuSpec;
import io.moereplay.model.perf.AttentionKernelFit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How well the serving model's decode attention follows one GPU's measured sweep
 * ({@code moe-replay validate attention}): per profiled model, the fit's mean and worst error and
 * the error of the previous model (KV at 75% of HBM bandwidth plus 5 us, the roofline MLA models
 * still use) over the same rows.
 *
 * @param gpu the GPU's catalog name
 * @param source the profile file, as the run summary names it
 * @param fit the fit the serving model uses
 * @param rows one per profiled model
 */
public record AttentionCheck(String gpu, String source, AttentionKernelFit fit, List<Row> rows) {

    static final double ROOFLINE_EFFICIENCY = 0.75;
    static final double ROOFLINE_STARTUP_MICROS = 5;

    /** One profiled model's rows: errors as fractions. */
    public record Row(String model, int rows, double fittedMape, double fittedWorst, double rooflineMape) {}

    /** Checks the profile's {@code decode_attention.csv} against {@code gpu}'s catalogued bandwidth. */
    public static AttentionCheck of(GpuProfile profile, GpuSpec gpu) throws IOException {
        Path file = profile.decodeAttention().orElseThrow(() -> new IllegalArgumentException(
                profile.gpu() + " has no decode_attention.csv to check against"));
        DecodeAttentionProfile measured = DecodeAttentionProfile.read(file);
        double rooflineBytesPerMicro = gpu.hbmBytesPerMicro() * ROOFLINE_EFFICIENCY;
        List<DecodeAttentionProfile.Error> fitted = measured.errors(measured.fit()::micros);
        List<DecodeAttentionProfile.Error> roofline =
                measured.errors(bytes -> ROOFLINE_STARTUP_MICROS + bytes / rooflineBytesPerMicro);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < fitted.size(); i++) {
            DecodeAttentionProfile.Error error = fitted.get(i);
            rows.add(new Row(error.model(), error.rows(), error.meanAbsolutePercentageError(), error.worstError(),
                    roofline.get(i).meanAbsolutePercentageError()));
        }
        return new AttentionCheck(profile.gpu(), profile.describe(file), measured.fit(), rows);
    }

    /** The fit's error over every row of every model. */
    public double mape() {
        return fit.meanAbsolutePercentageError();
    }

    /** The worst single row's error. */
    public double worst() {
        return rows.stream().mapToDouble(Row::fittedWorst).max().orElse(0);
    }

    /** The previous model's error over every row. */
    public double rooflineMape() {
        return rows.stream().mapToDouble(r -> r.rooflineMape() * r.rows()).sum() / fit.points();
    }

    public String markdown() {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "%s: %s%n  fit %.1f us + KV bytes / %.2f TB/s (GQA, default backend, enable_gqa)%n%n"
                        + "| model | rows | MAPE | worst | 75%% roofline MAPE |%n|---|---|---|---|---|%n",
                gpu, source, fit.floorMicros(), fit.kvBytesPerMicro() / 1e6));
        for (Row row : rows) {
            out.append(String.format(Locale.ROOT, "| %s | %d | %.1f%% | %.1f%% | %.1f%% |%n", row.model(), row.rows(),
                    100 * row.fittedMape(), 100 * row.fittedWorst(), 100 * row.rooflineMape()));
        }
        out.append(String.format(Locale.ROOT, "| all | %d | %.1f%% | %.1f%% | %.1f%% |%n", fit.points(), 100 * mape(),
                100 * worst(), 100 * rooflineMape()));
        return out.toString();
    }
}
