package io.moereplay.jobs.validate;

import io.moereplay.connectors.catalog.ModelCatalog;
import io.moereplay.jobs.straggler.ExpertKernels;
import io.moereplay.model.hardware.GpuSpec;
import io.moereplay.model.perf.ExpertFfnTime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The expert FFN models a validation predicts with, by name: {@code fitted} (the fit to a measured
 * profile, with the back-to-back saving beside it) when a profile is given, and {@code roofline};
 * each gives a catalogued model's FFN time on {@code gpu} at TP 1.
 */
public final class KernelModels {

    private KernelModels() {}

    /** @param profile the measured expert profile, or null for the roofline alone */
    public static Map<String, Function<String, ExpertFfnTime>> of(ModelCatalog models, GpuSpec gpu, Path profile,
            String profileGpu) {
        Map<String, Function<String, ExpertFfnTime>> kernels = new LinkedHashMap<>();
        if (profile != null) {
            Map<String, ExpertFfnTime> fitted = new HashMap<>();
            kernels.put("fitted", name -> fitted.computeIfAbsent(name, n -> {
                try {
                    return ExpertKernels.measured(profile, profileGpu, models.get(n)).ffn(models.get(n), gpu, 1);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }));
        }
        kernels.put("roofline", name -> ExpertKernels.roofline().ffn(models.get(name), gpu, 1));
        return kernels;
    }
}
