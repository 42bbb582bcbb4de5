package io.moereplay.jobs.straggler;

import io.moereplay.model.text.ClosestName;

import java.util.Arrays;
import java.util.Locale;

/**
 * How a GPU runs a layer's routed experts: as one grouped (fused) MoE kernel, as serving engines
 * do (vLLM's and SGLang's fused MoE, TensorRT-LLM's grouped GEMM), or one GEMM pair per expert, one
 * after another. A deployment spec picks it by {@code expert_kernel=grouped|sequential}.
 */
public enum ExpertKernel {
    GROUPED, SEQUENTIAL;

    /** The spec key that picks it. */
    public static final String KEY = "expert_kernel";

    /** As a spec writes it: {@code grouped}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code grouped} or {@code sequential}; null gives the default, grouped. */
    public static ExpertKernel parse(String value) {
        if (value == null) {
            return GROUPED;
        }
        for (ExpertKernel kernel : values()) {
            if (kernel.label().equalsIgnoreCase(value.trim())) {
                return kernel;
            }
        }
        throw new IllegalArgumentException(KEY + "=" + value + " is not grouped or sequential"
                + ClosestName.hint(value, Arrays.stream(values()).map(ExpertKernel::label).toList()));
    }
}
