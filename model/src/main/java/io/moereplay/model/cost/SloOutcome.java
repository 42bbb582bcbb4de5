package io.moereplay.model.cost;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How one serving replay fares against its SLO. Met when the TBT and TTFT at their percentiles are
 * within their targets and every request was served: a request that can never fit the KV cache gets
 * no first token at all.
 *
 * @param slo the SLO applied
 * @param tbtAtPercentileMicros the SLO's percentile over every inter-token gap
 * @param ttftAtPercentileMicros the SLO's percentile over the served requests' TTFT
 * @param tokenAttainment the share of inter-token gaps within the TBT target (at least the percentile
 *     exactly when the TBT part is met)
 * @param ttftAttainment the share of served requests within the TTFT target
 * @param unserved requests never served (too long for the KV cache)
 */
public record SloOutcome(ServingSlo slo, double tbtAtPercentileMicros, double ttftAtPercentileMicros,
        double tokenAttainment, double ttftAttainment, long unserved) implements Serializable {

    public boolean met() {
        return unserved == 0 && tbtAtPercentileMicros <= slo.tbtMicros() && ttftAtPercentileMicros <= slo.ttftMicros();
    }

    /**
     * How far from the targets: the larger of the two ratios of the value at the percentile to its
     * target (at most 1 when both are met), infinite when requests went unserved. The closest
     * candidate is the one the targets would need relaxing least for.
     */
    public double distance() {
        return unserved > 0 ? Double.POSITIVE_INFINITY
                : Math.max(tbtAtPercentileMicros / slo.tbtMicros(), ttftAtPercentileMicros / slo.ttftMicros());
    }

    /** {@code TBT p99 106.1 ms, TTFT p99 202.0 ms}, with the unserved requests when there are any. */
    public String describe() {
        List<String> parts = new ArrayList<>(List.of(
                String.format(Locale.ROOT, "TBT %s %.1f ms", slo.tbtPercentile().label(), tbtAtPercentileMicros / 1000),
                String.format(Locale.ROOT, "TTFT %s %.1f ms", slo.ttftPercentile().label(), ttftAtPercentileMicros / 1000)));
        if (unserved > 0) {
            parts.add(unserved + " requests never fit its KV cache");
        }
        return String.join(", ", parts);
    }
}
