package io.moereplay.model.trace;

import java.util.Locale;

/** The serving phase a routed token belongs to. */
public enum Phase {
    PREFILL,
    DECODE;

    /**
     * Parses a phase name case-insensitively.
     *
     * @throws IllegalArgumentException naming the value and the allowed names
     */
    public static Phase parse(String name) {
        for (Phase phase : values()) {
            if (phase.name().equalsIgnoreCase(name)) {
                return phase;
            }
        }
        throw new IllegalArgumentException(
                "phase '" + name + "' is not one of prefill, decode");
    }

    /** The lower-case name used in trace files and output tables. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
