package io.moereplay.jobs.cli;

import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;

/**
 * Writes the recordings {@code -XX:StartFlightRecording=filename=...} started, before the CLI halts
 * the JVM: JFR writes them from a shutdown hook, which a halt never runs, so a profiled run would
 * otherwise leave an empty file.
 */
final class FlightRecordings {

    private FlightRecordings() {}

    static void dump() {
        if (!FlightRecorder.isInitialized()) {
            return;
        }
        for (Recording recording : FlightRecorder.getFlightRecorder().getRecordings()) {
            if (recording.getDestination() == null) {
                continue;
            }
            try {
                // Stopping a recording that has a destination writes it there.
                recording.stop();
            } catch (IllegalStateException e) {
                System.err.println("moe-replay: could not write the flight recording to "
                        + recording.getDestination() + ": " + e.getMessage());
            }
        }
    }
}
