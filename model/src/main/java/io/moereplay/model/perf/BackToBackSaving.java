package io.moereplay.model.perf;

import java.io.Serializable;
import java.util.Arrays;

/**
 * What each expert after the first saves when a GPU runs its experts back to back rather than one
 * at a time: part of an expert FFN's fixed cost (kernel ramp-up and tail) overlaps the next one's.
 * Measured per expert shape as {@code (n t(1) - t(n)) / (n - 1)} over runs of {@code n} experts
 * ({@code bench/gpu/measure_expert_sequence.py}); linear in tokens between the measured counts,
 * flat beyond them. Negative where long runs of compute-bound experts are slower than one alone.
 *
 * @param tokens measured token counts, ascending
 * @param savingMicros the saving at each
 */
public record BackToBackSaving(double[] tokens, double[] savingMicros) implements Serializable {

    public BackToBackSaving {
        if (tokens.length == 0 || tokens.length != savingMicros.length) {
            throw new IllegalArgumentException("back-to-back saving needs as many savings as token counts, at least one");
        }
        for (int i = 1; i < tokens.length; i++) {
            if (!(tokens[i] > tokens[i - 1])) {
                throw new IllegalArgumentException("back-to-back token counts must ascend: " + Arrays.toString(tokens));
            }
        }
        tokens = tokens.clone();
        savingMicros = savingMicros.clone();
    }

    public double micros(long count) {
        if (count <= tokens[0]) {
            return savingMicros[0];
        }
        for (int i = 1; i < tokens.length; i++) {
            if (count <= tokens[i]) {
                double f = (count - tokens[i - 1]) / (tokens[i] - tokens[i - 1]);
                return savingMicros[i - 1] + f * (savingMicros[i] - savingMicros[i - 1]);
            }
        }
        return savingMicros[savingMicros.length - 1];
    }
}
