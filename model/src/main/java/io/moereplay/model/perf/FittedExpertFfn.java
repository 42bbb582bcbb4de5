package io.moereplay.model.perf;

/**
 * An expert FFN timed by a measured profile fitted as {@link FloorLineFit}, in microseconds over
 * tokens. An expert with no tokens is not launched.
 *
 * @param floorMicros flat time while weight streaming dominates
 * @param microsPerToken k1 above the knee
 * @param interceptMicros k2 above the knee
 */
public record FittedExpertFfn(double floorMicros, double microsPerToken, double interceptMicros)
        implements ExpertFfnTime {

    /** MegaScale-Infer's linear form {@code T_e = k3 b_e + k4} (sec. 4.2), fitted without a floor. */
    public static FittedExpertFfn linear(LinearFit fit) {
        return new FittedExpertFfn(0, fit.slope(), fit.intercept());
    }

    public static FittedExpertFfn of(FloorLineFit fit) {
        return new FittedExpertFfn(Math.max(fit.floor(), 0), fit.line().slope(), fit.line().intercept());
    }

    @Override
    public double micros(long tokens) {
        return tokens == 0 ? 0 : Math.max(floorMicros, microsPerToken * tokens + interceptMicros);
    }
}
