package io.moereplay.connectors.profiles;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Which model timed one component of a deployment on one GPU, and from what: one line of a run
 * summary's {@code kernel_models}, so a figure's source is never a guess.
 *
 * @param gpu the GPU's catalog name, e.g. {@code H200}
 * @param component what was timed: {@code experts}, {@code attention}, {@code all_to_all}, {@code all_reduce}
 * @param model how: {@code measured} (a profile of this shape), {@code interpolated} (between
 *     profiled shapes), {@code published} (figures someone else measured) or {@code roofline}
 *     (no profile of this component on this GPU: peaks at assumed efficiencies)
 * @param source the file (and what in it) the figure came from, or why the roofline was used
 */
public record ComponentModel(String gpu, String component, String model, String source) implements Serializable {

    /** The models a component may be timed by. */
    public static final Set<String> MODELS = Set.of("measured", "interpolated", "published", "roofline");

    public ComponentModel {
        if (!MODELS.contains(model)) {
            throw new IllegalArgumentException("component model '" + model + "' is not one of " + MODELS);
        }
    }

    /** The roofline, saying why: no profile of {@code component} for {@code gpu}. */
    public static ComponentModel roofline(String gpu, String component, String why) {
        return new ComponentModel(gpu, component, "roofline", why);
    }

    /** As the run summary writes it. */
    public Map<String, Object> asMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("gpu", gpu);
        out.put("component", component);
        out.put("model", model);
        out.put("source", source);
        return out;
    }
}
