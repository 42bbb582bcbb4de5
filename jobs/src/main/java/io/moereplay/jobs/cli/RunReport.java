package io.moereplay.jobs.cli;

import java.io.PrintStream;
import java.util.Map;

/**
 * The few lines a finished run prints: reconciliation, table sizes, the model of each GPU's
 * components, where the output is, and the headline.
 */
final class RunReport {

    private RunReport() {}

    static void print(PrintStream out, Map<String, Object> summary) {
        out.printf("run %s: rows_read %,d = rows_used %,d + rows_rejected %,d; %,d routed decisions%n",
                summary.get("run_id"), summary.get("rows_read"), summary.get("rows_used"),
                summary.get("rows_rejected"), summary.get("decisions"));
        Object tables = summary.get("table_rows");
        if (tables instanceof Map<?, ?> rows) {
            rows.forEach((table, count) -> out.printf("  %-16s %,d rows%n", table, count));
        }
        // Which profile or roofline timed each GPU's components: no figure's source left to guess.
        if (summary.get("kernel_models") instanceof java.util.List<?> models) {
            for (Object entry : models) {
                if (entry instanceof Map<?, ?> model) {
                    out.printf("  %s on %s: %s (%s)%n", model.get("component"), model.get("gpu"), model.get("model"),
                            model.get("source"));
                }
            }
        }
        out.printf("wrote %s (summary in _run_summary.json) in %.1f s%n",
                ((Map<?, ?>) summary.get("config")).get("out"), ((Number) summary.get("wall_ms")).doubleValue() / 1000);
        printHeadline(out, summary);
    }

    /** The answer the run was for, last, where the eye lands: a summary's or manifest's {@code headline}. */
    static void printHeadline(PrintStream out, Map<String, Object> summary) {
        if (summary.get("headline") instanceof String headline) {
            out.println(headline);
        }
    }
}
