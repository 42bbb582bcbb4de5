package io.moereplay.model.routing;

/**
 * Slow change of expert popularity over the trace's clock: time is cut into periods (windows
 * {@code floorDiv(startMicros, periodMicros)}), and from one window to the next each expert's
 * log-popularity x follows a mean-reverting AR(1),
 * {@code x(w + 1) = rho x(w) + sqrt(1 - rho^2) sigma z} with z standard normal, so x has standard
 * deviation sigma once stationary and its correlation across m windows is rho^m. The shares of a
 * window are the base shares times exp(x), renormalised. x is 0 up to window 0; a gap of many
 * windows costs no more than the few hundred the process remembers (see {@code DriftingShares}).
 *
 * @param sigma stationary standard deviation of log-popularity, at least 0; 0 = no drift
 * @param rho correlation from one window to the next, in [0, 1)
 * @param periodMicros window length on the trace's clock, positive
 */
public record PopularityDrift(double sigma, double rho, long periodMicros) implements java.io.Serializable {

    /** Popularity that never changes. */
    public static final PopularityDrift NONE = new PopularityDrift(0, 0, Long.MAX_VALUE);

    public PopularityDrift {
        if (!(sigma >= 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("drift sigma " + sigma + " must be a finite number >= 0");
        }
        if (!(rho >= 0 && rho < 1)) {
            throw new IllegalArgumentException("drift rho " + rho + " is not in [0, 1)");
        }
        if (periodMicros <= 0) {
            throw new IllegalArgumentException("drift period " + periodMicros + " us must be positive");
        }
    }

    /** Whether popularity changes at all. */
    public boolean drifts() {
        return sigma > 0;
    }

    /** The window of a time on the trace's clock; drift starts at time 0, window 0. */
    public long window(long micros) {
        return Math.max(0, Math.floorDiv(micros, periodMicros));
    }
}
