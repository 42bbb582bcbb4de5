package io.moereplay.model.cost;

import java.io.Serializable;
import java.util.Locale;

/**
 * A serving latency SLO as MegaScale-Infer states its TBT target: the {@code tbtPercentile}-th
 * percentile over every inter-token gap of every request (each decode iteration a request takes
 * part in is one gap: the time from its previous token to this one) is at most {@code tbtMs}, and
 * the {@code ttftPercentile}-th percentile of the requests' times to first token is at most
 * {@code ttftMs}. Percentiles by nearest rank ({@link Percentile}).
 *
 * @param tbtMs time-between-tokens target, milliseconds
 * @param tbtPercentile the percentile of all token gaps that must be within it
 * @param ttftMs time-to-first-token target, milliseconds
 * @param ttftPercentile the percentile of all requests' TTFT that must be within it
 */
public record ServingSlo(double tbtMs, Percentile tbtPercentile, double ttftMs, Percentile ttftPercentile)
        implements Serializable {

    /** MegaScale-Infer's TBT target (150 ms at p99) with a 5 s TTFT at p99. */
    public static final ServingSlo DEFAULT = new ServingSlo(150, new Percentile(99), 5000, new Percentile(99));

    public ServingSlo {
        if (!(tbtMs > 0) || !(ttftMs > 0)) {
            throw new IllegalArgumentException("TBT target " + tbtMs + " ms and TTFT target " + ttftMs
                    + " ms must be positive");
        }
    }

    public double tbtMicros() {
        return tbtMs * 1000;
    }

    public double ttftMicros() {
        return ttftMs * 1000;
    }

    /** {@code TBT p99 <= 150 ms and TTFT p99 <= 5000 ms}. */
    public String describe() {
        return "TBT " + tbtPercentile.label() + " <= " + ms(tbtMs) + " ms and TTFT " + ttftPercentile.label() + " <= "
                + ms(ttftMs) + " ms";
    }

    static String ms(double ms) {
        return ms == Math.rint(ms) ? String.valueOf((long) ms) : String.format(Locale.ROOT, "%.1f", ms);
    }
}
