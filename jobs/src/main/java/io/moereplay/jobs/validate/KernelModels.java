package io.moereplay.jobs.validate;

import io.moereplay.connectors.catalog.ModelCatalog;
import io.moereplay.connectors.profiles.ProfileDatabase;
import io.moereplay.jobs.straggler.ExpertKernel;
import io.moereplay.jobs.straggler.ExpertKernels;
import io.moereplay.model.hardware.GpuSpec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The kernel models a validation predicts with: for each kernel (sequential, grouped) the GPU's
 * profiles as the serving model picks them (measured, interpolated between shapes, or the roofline
 * where the GPU has none), and the roofline beside them; each gives a catalogued model's expert time
 * on {@code gpu} at TP 1, labelled with how it was made.
 */
public final class KernelModels {

    private KernelModels() {}

    public static List<KernelModel> of(ModelCatalog models, GpuSpec gpu, ProfileDatabase profiles) {
        ExpertKernels profiled = ExpertKernels.of(profiles);
        ExpertKernels roofline = ExpertKernels.roofline();
        List<KernelModel> out = new ArrayList<>();
        for (ExpertKernel kernel : ExpertKernel.values()) {
            String measured = kernel == ExpertKernel.GROUPED ? "gpu_experts_grouped" : "gpu_experts";
            Map<String, KernelModel.Prediction> fromProfiles = new HashMap<>();
            out.add(new KernelModel(kernel.label(), measured, name -> fromProfiles.computeIfAbsent(name, n -> {
                ExpertKernels.Choice choice = profiled.choose(models.get(n), gpu, 1, kernel);
                // Without a profile the choice is the roofline, which the roofline's own rows already hold.
                return choice.model().model().equals("roofline") ? null
                        : new KernelModel.Prediction(choice.time(), kernel.label() + "/" + choice.model().model());
            })));
            out.add(new KernelModel(kernel.label(), measured, name -> new KernelModel.Prediction(
                    roofline.choose(models.get(name), gpu, 1, kernel).time(), kernel.label() + "/roofline")));
        }
        return out;
    }
}
