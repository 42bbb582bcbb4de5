package io.moereplay.jobs.report.page;

import java.io.IOException;
import java.util.List;

/** A section drawn from the night's expert loads: says so once when the partition has no hotness table. */
abstract class HotnessSection implements Section {

    @Override
    public final String html(Night night) throws IOException {
        NightLoads loads = night.loads();
        if (loads.tokens().isEmpty()) {
            return "<p>No hotness table in this partition.</p>";
        }
        return html(night, loads, List.copyOf(loads.tokens().keySet()));
    }

    /** The section's HTML over the night's loads, {@code layers} in order. */
    abstract String html(Night night, NightLoads loads, List<Integer> layers) throws IOException;
}
