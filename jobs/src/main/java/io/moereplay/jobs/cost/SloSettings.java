package io.moereplay.jobs.cost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.moereplay.model.cost.Percentile;
import io.moereplay.model.cost.ServingSlo;

import java.nio.file.Path;
import java.util.List;

/**
 * The SLO as users set it, checked where it is read: {@code cost}'s options, or a nightly
 * configuration's {@code cost} block keyed alike ({@code slo_tbt_ms}, {@code slo_tbt_percentile},
 * {@code slo_ttft_ms}, {@code slo_ttft_percentile}), each defaulting as the option does.
 */
public final class SloSettings {

    /** The SLO's keys in a nightly cost block. */
    public static final List<String> NIGHTLY_KEYS = List.of("slo_tbt_ms", "slo_tbt_percentile", "slo_ttft_ms",
            "slo_ttft_percentile");

    private SloSettings() {}

    /** The cost block without its SLO keys: what is left is a {@code --candidates} file's content. */
    public static JsonNode candidatesOnly(JsonNode cost) {
        ObjectNode copy = cost.deepCopy();
        copy.remove(NIGHTLY_KEYS);
        return copy;
    }

    /** @throws IllegalArgumentException naming the file and key of a bad value, or the removed slo_target */
    public static ServingSlo fromNightly(Path file, JsonNode cost) {
        if (cost.has("slo_target")) {
            throw new IllegalArgumentException(file + ": cost.slo_target was removed: the SLO is met at a percentile"
                    + " of every token gap; give \"slo_tbt_percentile\": 99 (and \"slo_ttft_percentile\") instead");
        }
        ServingSlo defaults = ServingSlo.DEFAULT;
        return new ServingSlo(ms(file + ": cost.slo_tbt_ms", number(file, cost, "slo_tbt_ms", defaults.tbtMs())),
                percentile(file + ": cost.slo_tbt_percentile",
                        number(file, cost, "slo_tbt_percentile", defaults.tbtPercentile().percent())),
                ms(file + ": cost.slo_ttft_ms", number(file, cost, "slo_ttft_ms", defaults.ttftMs())),
                percentile(file + ": cost.slo_ttft_percentile",
                        number(file, cost, "slo_ttft_percentile", defaults.ttftPercentile().percent())));
    }

    /** @param what the option or key that set it, for the message */
    public static double ms(String what, double ms) {
        if (!(ms > 0)) {
            throw new IllegalArgumentException(what + " " + ms + " must be a positive number of milliseconds");
        }
        return ms;
    }

    /**
     * An SLO percentile is at least the median: below that a target says little, and 0.99 is
     * almost always p99 written as a fraction.
     *
     * @param what the option or key that set it, for the message
     */
    public static Percentile percentile(String what, double percent) {
        if (!(percent >= 50 && percent <= 100)) {
            throw new IllegalArgumentException(what + " " + percent + " is not a percentile in [50, 100]: give e.g. 99 for p99");
        }
        return new Percentile(percent);
    }

    private static double number(Path file, JsonNode cost, String key, double fallback) {
        JsonNode value = cost.get(key);
        if (value == null) {
            return fallback;
        }
        if (!value.isNumber()) {
            throw new IllegalArgumentException(file + ": cost." + key + " is " + value + "; give a number");
        }
        return value.asDouble();
    }
}
