package io.moereplay.model.perf;

/**
 * One link's transfer time by MegaScale-Infer's Eq. 6 form: {@code bytes / (W * Util(bytes))},
 * {@code W} the link's nominal bandwidth and {@code Util} the fraction of it a message of that size
 * achieves. Measured profiles (Vidur's send/recv, NCCL all-to-all) are straight lines in the message
 * size, {@code time = alpha + bytes / B}, so the utilisation curve is
 * {@code Util(s) = s / (W * (alpha + s / B))}: small messages pay the start-up {@code alpha} and
 * reach a small fraction of {@code W}; large ones approach {@code B / W}.
 *
 * @param bytesPerMicro nominal bandwidth W, bytes per microsecond, one direction
 * @param startupMicros alpha: per-message start-up
 * @param peakUtilisation B / W: the fraction of W that large messages reach, (0, 1]
 */
public record LinkModel(double bytesPerMicro, double startupMicros, double peakUtilisation)
        implements java.io.Serializable {

    public LinkModel {
        if (!(bytesPerMicro > 0) || !(startupMicros >= 0) || !(peakUtilisation > 0 && peakUtilisation <= 1.0 + 1e-9)) {
            throw new IllegalArgumentException("link W=" + bytesPerMicro + " B/us, alpha=" + startupMicros
                    + " us, peak utilisation " + peakUtilisation + ": need W > 0, alpha >= 0, utilisation in (0, 1]");
        }
    }

    /**
     * The link fitted to a profile of (message bytes, microseconds).
     *
     * @throws IllegalArgumentException when the fit's start-up is negative or it implies more than W
     */
    public static LinkModel fit(double bytesPerMicro, double[] bytes, double[] micros) {
        LinearFit line = LinearFit.of(bytes, micros);
        return new LinkModel(bytesPerMicro, line.intercept(), 1 / (line.slope() * bytesPerMicro));
    }

    /**
     * The link of a line fitted to (wire bytes, microseconds): start-up its intercept, bandwidth its
     * inverse slope. A collective that beats the nominal bandwidth (NVLink SHARP reduces inside the
     * switch) gets {@code W} raised to what it reached.
     *
     * @throws IllegalArgumentException when the line's intercept is negative or its slope not positive
     */
    public static LinkModel fromLine(double bytesPerMicro, LinearFit line) {
        double reached = 1 / line.slope();
        double nominal = reached > 0 ? Math.max(bytesPerMicro, reached) : bytesPerMicro;
        return new LinkModel(nominal, line.intercept(), reached / nominal);
    }

    /** Microseconds to move one message of {@code bytes}; 0 for none. */
    public double micros(double bytes) {
        return bytes <= 0 ? 0 : startupMicros + bytes / (bytesPerMicro * peakUtilisation);
    }

    /** Util(bytes): achieved bandwidth over nominal. */
    public double utilisation(double bytes) {
        return bytes / (bytesPerMicro * micros(bytes));
    }
}
