package io.moereplay.jobs.replay;

import io.moereplay.model.text.ClosestName;
import io.moereplay.jobs.input.LoadSummer;
import io.moereplay.jobs.input.RoutingInputs;
import io.moereplay.jobs.input.RoutingTraceScan;
import io.moereplay.model.catalog.MoeModelSpec;
import io.moereplay.model.hotness.WindowSpec;
import io.moereplay.model.replay.ReplayRequests;
import io.moereplay.model.routing.ExplicitPopularity;
import io.moereplay.model.routing.ExpertPopularity;
import io.moereplay.model.routing.LayerFit;
import io.moereplay.model.routing.LognormalPopularity;
import io.moereplay.model.routing.PopularityDrift;
import io.moereplay.model.routing.PopularityFamily;
import io.moereplay.model.routing.PopularityTransfer;
import io.moereplay.model.routing.RoutingCalibration;
import io.moereplay.model.routing.RoutingModel;
import io.moereplay.model.routing.SyntheticRoutingModel;
import io.moereplay.model.routing.SyntheticRoutingSpec;
import io.moereplay.model.routing.ZipfMandelbrotPopularity;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code synthetic} routing model: per-layer popularity from the command line, or fitted to a
 * routing trace's per-layer loads ({@code --calibrate}) and carried over to the model's shape.
 */
final class SyntheticRoutingFactory implements RoutingModelFactory {

    private static final long serialVersionUID = 1L;

    private final SyntheticRoutingSpec spec;
    private final Map<String, Object> description;

    private SyntheticRoutingFactory(SyntheticRoutingSpec spec, Map<String, Object> description) {
        this.spec = spec;
        this.description = description;
    }

    /**
     * @param calibrate the trace to fit, or null for {@link ReplayConfig#popularity()}
     * @param scanOut receives the calibration trace's scan (rejects and read counts)
     */
    static SyntheticRoutingFactory create(ReplayConfig config, MoeModelSpec model, RoutingInputs calibrate,
            RoutingTraceScan[] scanOut) throws IOException {
        PopularityDrift drift = drift(config.drift());
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("name", "synthetic");
        description.put("drift", Map.of("sigma", drift.sigma(), "rho", drift.rho(),
                "period_us", drift.drifts() ? drift.periodMicros() : 0));
        description.put("seed", config.seed());
        SyntheticRoutingSpec spec;
        if (calibrate == null) {
            ExpertPopularity popularity = popularity(config.popularity(), model.routedExperts());
            description.put("popularity", popularity.toString());
            spec = SyntheticRoutingSpec.of(model.moeLayers(), model.routedExperts(), model.topK(), popularity, drift,
                    config.seed());
        } else {
            long[][] counts = new long[calibrate.shape().layerCount()][calibrate.shape().experts()];
            scanOut[0] = RoutingTraceScan.read(calibrate, config.maxRejects(), new LoadSummer(counts));
            RoutingCalibration calibration = RoutingCalibration.fit(counts, family(config.family()));
            description.put("calibrated_on", calibrate.files().toString());
            description.put("calibration_shape", Map.of("layers", counts.length, "experts", calibration.experts()));
            description.put("family", calibration.family().name().toLowerCase(Locale.ROOT));
            description.put("fits", fits(calibration));
            spec = new SyntheticRoutingSpec(model.moeLayers(), model.routedExperts(), model.topK(),
                    PopularityTransfer.onto(calibration, model.moeLayers(), model.routedExperts()), drift, config.seed());
        }
        return new SyntheticRoutingFactory(spec, description);
    }

    @Override
    public RoutingModel create(ReplayRequests requests) {
        return new SyntheticRoutingModel(spec);
    }

    @Override
    public Map<String, Object> describe() {
        return description;
    }

    /** {@code zipf:S[:Q]}, {@code lognormal:SIGMA} or {@code shares:W1/W2/...}. */
    static ExpertPopularity popularity(String text, int experts) {
        String[] parts = text.trim().split(":");
        try {
            return switch (parts[0].toLowerCase(Locale.ROOT)) {
                case "zipf" -> {
                    requireParts(text, parts, 2, 3);
                    yield new ZipfMandelbrotPopularity(Double.parseDouble(parts[1]),
                            parts.length == 3 ? Double.parseDouble(parts[2]) : 0);
                }
                case "lognormal" -> {
                    requireParts(text, parts, 2, 2);
                    yield new LognormalPopularity(Double.parseDouble(parts[1]));
                }
                case "shares" -> {
                    requireParts(text, parts, 2, 2);
                    String[] weights = parts[1].split("/");
                    if (weights.length != experts) {
                        throw new IllegalArgumentException(weights.length + " shares for a model of " + experts + " experts");
                    }
                    double[] values = new double[weights.length];
                    for (int i = 0; i < weights.length; i++) {
                        values[i] = Double.parseDouble(weights[i]);
                    }
                    yield new ExplicitPopularity(values);
                }
                default -> throw new IllegalArgumentException("unknown family '" + parts[0] + "'");
            };
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--popularity '" + text + "': " + problem(e)
                    + " (expected zipf:S[:Q], lognormal:SIGMA or shares:W1/W2/...)", e);
        }
    }

    /** {@code none} or {@code SIGMA:RHO:PERIOD}, the period a time such as {@code 60s}. */
    static PopularityDrift drift(String text) {
        if (text == null || text.equalsIgnoreCase("none")) {
            return PopularityDrift.NONE;
        }
        String[] parts = text.trim().split(":");
        try {
            requireParts(text, parts, 3, 3);
            WindowSpec period = WindowSpec.parse(parts[2]);
            if (period.kind() != WindowSpec.Kind.TIME) {
                throw new IllegalArgumentException("period '" + parts[2] + "' is not a time such as 60s");
            }
            return new PopularityDrift(Double.parseDouble(parts[0]), Double.parseDouble(parts[1]), period.length());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--drift '" + text + "': " + problem(e)
                    + " (expected SIGMA:RHO:PERIOD such as 0.3:0.9:60s, or none)", e);
        }
    }

    static PopularityFamily family(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "zipf", "zipf-mandelbrot" -> PopularityFamily.ZIPF_MANDELBROT;
            case "lognormal" -> PopularityFamily.LOGNORMAL;
            default -> throw new IllegalArgumentException("--family '" + text + "' is not one of zipf, lognormal"
                    + ClosestName.hint(text, List.of("zipf", "lognormal")));
        };
    }

    /** A part's problem in words: Double.parseDouble says only {@code For input string: "x"}. */
    private static String problem(IllegalArgumentException e) {
        return e instanceof NumberFormatException
                ? String.valueOf(e.getMessage()).replaceFirst("^For input string: \"(.*)\"$", "'$1'") + " is not a number"
                : e.getMessage();
    }

    private static void requireParts(String text, String[] parts, int min, int max) {
        if (parts.length < min || parts.length > max) {
            throw new IllegalArgumentException("wrong number of ':'-separated parts");
        }
    }

    private static List<Map<String, Object>> fits(RoutingCalibration calibration) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (LayerFit fit : calibration.layers()) {
            Map<String, Object> layer = new LinkedHashMap<>();
            layer.put("layer", fit.layer());
            layer.put("popularity", fit.popularity().shares().toString());
            layer.put("tvd", fit.totalVariation());
            layer.put("max_over_mean_observed", fit.observedMaxOverMean());
            layer.put("max_over_mean_fitted", fit.fittedMaxOverMean());
            layer.put("gini_observed", fit.observedGini());
            layer.put("gini_fitted", fit.fittedGini());
            out.add(layer);
        }
        return out;
    }
}
