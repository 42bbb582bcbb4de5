package io.moereplay.jobs.validate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The harness's measurements ({@code measured.csv}: case, component, gpu, median_us, p10_us,
 * p90_us, reps, device): the median of each (case, component, GPU).
 */
public final class MeasuredLayers {

    static final String HEADER = "case,component,gpu,median_us,p10_us,p90_us,reps,device";

    private final Map<String, Double> medians;
    private final String device;

    private MeasuredLayers(Map<String, Double> medians, String device) {
        this.medians = medians;
        this.device = device;
    }

    /** @throws IllegalArgumentException naming the file, line and field of a bad value */
    public static MeasuredLayers read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new IllegalArgumentException(file + ": line 1: expected the header " + HEADER);
        }
        Map<String, Double> medians = new HashMap<>();
        String device = null;
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String[] f = lines.get(i).split(",", -1);
            if (f.length != 8) {
                throw new IllegalArgumentException(file + ": line " + (i + 1) + ": " + f.length + " fields, expected 8");
            }
            double median;
            try {
                median = Double.parseDouble(f[3]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + ": line " + (i + 1) + ": field 'median_us' is '" + f[3] + "'", e);
            }
            if (!(median > 0)) {
                throw new IllegalArgumentException(file + ": line " + (i + 1) + ": field 'median_us' is " + median + ", expected > 0");
            }
            if (medians.put(key(f[0], f[1], f[2].isEmpty() ? -1 : Integer.parseInt(f[2])), median) != null) {
                throw new IllegalArgumentException(file + ": line " + (i + 1) + ": a second row for " + f[0] + " " + f[1] + " gpu " + f[2]);
            }
            device = f[7];
        }
        return new MeasuredLayers(medians, device);
    }

    /** The median, microseconds; gpu -1 for a component of the whole device. */
    public OptionalDouble median(String layerCase, String component, int gpu) {
        Double value = medians.get(key(layerCase, component, gpu));
        return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
    }

    /** The GPU the harness ran on, as PyTorch names it. */
    public String device() {
        return device;
    }

    private static String key(String layerCase, String component, int gpu) {
        return layerCase + "|" + component + "|" + gpu;
    }
}
