package io.moereplay.connectors.profiles;

import io.moereplay.model.perf.AttentionKernelFit;
import io.moereplay.model.perf.ProfilePoints;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

/**
 * A GPU's measured decode attention ({@code decode_attention.csv}, {@code measure_decode_attention.py})
 * and the GQA kernel fit the serving model uses. Rows used: {@code sdpa_backend=default} (the
 * backend PyTorch, and so a serving engine's SDPA path, picks) with {@code gqa_mode=enable_gqa} (the
 * KV heads shared inside the kernel, as engines run GQA, not copied per query head). The file has
 * no MLA rows: MLA models fall back to the roofline.
 *
 * @param file where the rows came from
 * @param byModel the used rows per profiled model: KV bytes read and microseconds
 * @param fit one fit over every used row
 */
public record DecodeAttentionProfile(String file, Map<String, ProfilePoints> byModel, AttentionKernelFit fit) {

    /** One profiled model's rows against a prediction: mean and worst absolute percentage error. */
    public record Error(String model, int rows, double meanAbsolutePercentageError, double worstError) {}

    /**
     * @throws IllegalArgumentException naming the file when it has no default-backend enable_gqa rows
     */
    public static DecodeAttentionProfile read(Path csv) throws IOException {
        Map<String, ProfilePoints> byModel = MeasuredProfiles.decodeAttention(csv);
        List<Double> bytes = new ArrayList<>();
        List<Double> micros = new ArrayList<>();
        for (ProfilePoints points : byModel.values()) {
            for (double x : points.x()) {
                bytes.add(x);
            }
            for (double y : points.micros()) {
                micros.add(y);
            }
        }
        if (bytes.size() < 2) {
            throw new IllegalArgumentException(csv + " has " + bytes.size() + " rows with sdpa_backend=default and"
                    + " gqa_mode=enable_gqa; the attention fit needs two or more");
        }
        AttentionKernelFit fit = AttentionKernelFit.of(bytes.stream().mapToDouble(Double::doubleValue).toArray(),
                micros.stream().mapToDouble(Double::doubleValue).toArray());
        return new DecodeAttentionProfile(csv.toString(), byModel, fit);
    }

    /** Per profiled model, how far {@code microsOfKvBytes} lands from the measured rows. */
    public List<Error> errors(DoubleUnaryOperator microsOfKvBytes) {
        List<Error> out = new ArrayList<>();
        for (Map.Entry<String, ProfilePoints> entry : byModel.entrySet()) {
            double[] x = entry.getValue().x();
            double[] y = entry.getValue().micros();
            double sum = 0;
            double worst = 0;
            for (int i = 0; i < x.length; i++) {
                double error = Math.abs(microsOfKvBytes.applyAsDouble(x[i]) - y[i]) / y[i];
                sum += error;
                worst = Math.max(worst, error);
            }
            out.add(new Error(entry.getKey(), x.length, sum / x.length, worst));
        }
        return out;
    }
}
