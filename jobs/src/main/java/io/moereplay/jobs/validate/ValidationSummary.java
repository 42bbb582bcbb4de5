package io.moereplay.jobs.validate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The errors of a validation, per (component, kernel model): the mean absolute percentage error,
 * and for placement gains how many have the measured sign and lie within 20% of it.
 *
 * @param lines one Markdown table row each
 */
public record ValidationSummary(List<String> lines) {

    public static ValidationSummary of(List<ValidationRow> rows) {
        Map<String, List<ValidationRow>> groups = new TreeMap<>();
        for (ValidationRow row : rows) {
            groups.computeIfAbsent(row.component() + "|" + row.kernelModel(), k -> new ArrayList<>()).add(row);
        }
        List<String> lines = new ArrayList<>();
        groups.forEach((key, group) -> {
            String[] parts = key.split("\\|");
            double[] abs = group.stream().filter(r -> r.error() != null).mapToDouble(r -> Math.abs(r.error())).sorted().toArray();
            double meanMeasured = group.stream().mapToDouble(ValidationRow::measured).average().orElse(0);
            String fit = abs.length == 0 ? "not modelled"
                    : String.format(Locale.ROOT, "%.1f%% / %.1f%%", 100 * mean(abs), 100 * abs[abs.length - 1]);
            String gains = "";
            if (parts[0].startsWith("placement_gain")) {
                long sign = group.stream().filter(r -> Math.signum(r.predicted()) == Math.signum(r.measured())).count();
                long within = group.stream().filter(r -> Math.abs(r.predicted() - r.measured()) <= 0.2 * Math.abs(r.measured())).count();
                gains = String.format(Locale.ROOT, "sign %d/%d, within 20%% %d/%d", sign, group.size(), within, group.size());
            }
            lines.add(String.format(Locale.ROOT, "| %s | %s | %d | %s | %s | %s |", parts[0], parts[1], group.size(),
                    String.format(Locale.ROOT, parts[0].startsWith("placement_gain") ? "%.3f" : "%.1f us", meanMeasured), fit, gains));
        });
        return new ValidationSummary(lines);
    }

    public String markdown() {
        return "| component | kernel model | rows | mean measured | MAPE / worst | placement gains |\n"
                + "|---|---|---|---|---|---|\n" + String.join("\n", lines) + "\n";
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }
}
