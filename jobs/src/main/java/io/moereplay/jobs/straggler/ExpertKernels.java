package io.moereplay.jobs.straggler;

import io.moereplay.connectors.profiles.MeasuredProfiles;
import io.moereplay.model.catalog.MoeModelSpec;
import io.moereplay.model.hardware.GpuSpec;
import io.moereplay.model.perf.ExpertFfnTime;
import io.moereplay.model.perf.BackToBackSaving;
import io.moereplay.model.perf.FittedExpertFfn;
import io.moereplay.model.perf.ProfilePoints;
import io.moereplay.model.perf.RooflineExpertFfn;
import io.moereplay.model.perf.SequencedExpertFfn;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How the straggler job times an expert FFN: by the roofline at the measured efficiencies, or, on
 * the GPU a profile was measured on and without tensor parallelism, by the fit to that profile
 * ({@code profiles/H100-SXM/expert_ffn.csv}: 2-4% MAPE per shape against the roofline's 4-52%).
 *
 * @param profileGpu the GPU the profile was measured on, or null for the roofline everywhere
 * @param fitted the fit to the model's expert shape (with its back-to-back saving when measured), or null
 * @param source what the fit came from, for the run summary
 */
public record ExpertKernels(String profileGpu, ExpertFfnTime fitted, String source) implements Serializable {

    static final double COMPUTE_EFFICIENCY = 0.65;
    static final double MEMORY_EFFICIENCY = 0.75;
    static final double KERNEL_STARTUP_MICROS = 5;

    /** The roofline everywhere. */
    public static ExpertKernels roofline() {
        return new ExpertKernels(null, null, "roofline");
    }

    /**
     * The fit to {@code model}'s expert shape in a measured profile, used on {@code gpu} at TP 1;
     * with the back-to-back saving of the same shape when the sequence profile measured with it
     * lies beside it ({@code expert_ffn.csv} -> {@code expert_sequence.csv}).
     *
     * @throws IllegalArgumentException when the profile has no measurements of the model
     */
    public static ExpertKernels measured(Path profile, String gpu, MoeModelSpec model) throws IOException {
        ProfilePoints points = MeasuredProfiles.expertFfn(profile).get(model.name());
        if (points == null) {
            throw new IllegalArgumentException(profile + ": no expert FFN measurements of " + model.name()
                    + "; measured: " + MeasuredProfiles.expertFfn(profile).keySet());
        }
        ExpertFfnTime fit = FittedExpertFfn.of(points.floorLineFit());
        String source = profile + " (" + model.name() + " on " + gpu + ")";
        Path sequence = profile.resolveSibling(profile.getFileName().toString().replace("expert_ffn", "expert_sequence"));
        if (!sequence.equals(profile) && Files.isRegularFile(sequence)) {
            BackToBackSaving saving = MeasuredProfiles.backToBackSaving(sequence).get(model.name());
            if (saving != null) {
                fit = new SequencedExpertFfn(fit, saving);
                source += " + back to back " + sequence.getFileName();
            }
        }
        return new ExpertKernels(gpu, fit, source);
    }

    /** One expert's FFN time on {@code gpu}, split {@code tp} ways. */
    public ExpertFfnTime ffn(MoeModelSpec model, GpuSpec gpu, int tp) {
        if (fitted != null && tp == 1 && gpu.name().equals(profileGpu)) {
            return fitted;
        }
        return RooflineExpertFfn.of(model, gpu, tp, COMPUTE_EFFICIENCY, MEMORY_EFFICIENCY, KERNEL_STARTUP_MICROS)
                .compiled();
    }
}
