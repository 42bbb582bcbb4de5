package io.moereplay.model.perf;

/**
 * How long one expert's FFN takes on one GPU for a number of tokens (all of its GEMMs: gate/up,
 * activation, down). Implementations: {@link RooflineExpertFfn} from the hardware's peaks and
 * {@link FittedExpertFfn}, fitted to a measured profile (MegaScale-Infer's {@code T = k1 b + k2}, or
 * that line above a flat floor). With a {@link #groupedKernel()}, a GPU's routed experts are timed
 * together by that kernel instead ({@link GroupedExpertFfn}).
 */
@FunctionalInterface
public interface ExpertFfnTime extends java.io.Serializable {

    /** Microseconds to run the expert over {@code tokens} tokens; 0 for no tokens (not launched). */
    double micros(long tokens);

    /**
     * What an expert of {@code tokens} tokens saves when it runs right after another on the same
     * GPU (see {@link BackToBackSaving}); 0 unless measured.
     */
    default double backToBackSavingMicros(long tokens) {
        return 0;
    }

    /** Whether {@link #backToBackSavingMicros} is ever non-zero: lets a GPU's sum skip it. */
    default boolean savesBackToBack() {
        return false;
    }

    /**
     * The grouped kernel a GPU runs its routed experts of a layer as, or null when it runs them one
     * after another (each timed by {@link #micros}, less the back-to-back saving).
     */
    default GroupedMoeTime groupedKernel() {
        return null;
    }
}
