package io.moereplay.model.placement;

import io.moereplay.model.text.ClosestName;
import io.moereplay.model.perf.ExpertPlacement;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How the router divides an expert's tokens among its replicas: what a placement is fitted to
 * and scored under.
 */
public enum DispatchRule {

    /**
     * Each replica takes the share the placement fitted ({@code load_share}, anything in [0, 1]):
     * MegaScale-Infer's allocation fractions. No serving engine dispatches this way.
     */
    SPLIT {
        @Override
        public ExpertPlacement dispatch(ExpertPlacement placement) {
            return placement;
        }
    },

    /**
     * Each of an expert's {@code n} replicas takes {@code 1/n} of its tokens, whatever the
     * placement fitted: SGLang, vLLM and TensorRT-LLM send an expert's tokens to its replicas
     * evenly (round-robin, at random or local replica first), so a placement loaded into them
     * performs as if fitted with equal shares.
     */
    EQUAL {
        @Override
        public ExpertPlacement dispatch(ExpertPlacement placement) {
            int[] expert = placement.replicaExpert();
            int[] copies = new int[placement.experts()];
            for (int e : expert) {
                copies[e]++;
            }
            double[] share = new double[expert.length];
            for (int r = 0; r < expert.length; r++) {
                share[r] = 1.0 / copies[expert[r]];
            }
            if (Arrays.equals(share, placement.replicaShare())) {
                return placement;
            }
            return new ExpertPlacement(placement.gpus(), placement.experts(), expert, placement.replicaGpu(), share);
        }
    };

    /** The placement with the shares this rule actually sends its replicas. */
    public abstract ExpertPlacement dispatch(ExpertPlacement placement);

    /** The name output rows and the command line use: {@code equal} or {@code split}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the value and the rules allowed */
    public static DispatchRule parse(String label) {
        for (DispatchRule rule : values()) {
            if (rule.label().equalsIgnoreCase(label.trim())) {
                return rule;
            }
        }
        throw new IllegalArgumentException("--dispatch '" + label + "' is not a dispatch rule; rules: equal, split"
                + ClosestName.hint(label, List.of("equal", "split")));
    }
}
