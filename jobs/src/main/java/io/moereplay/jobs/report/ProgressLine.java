package io.moereplay.jobs.report;

/**
 * One progress line of a running job, as printed on stderr: what is done of how much, the rate
 * and an estimate of the rest, e.g.
 * {@code moe-replay straggler: 1,234,560 of 6,553,960 layer-steps (18.8%) in 20 s, 61,728/s, about 1 min 26 s left}.
 *
 * @param label the command, e.g. {@code straggler}
 * @param phasesDone the phases counted before this one, e.g. {@code "6,553,960 layer-steps done; "}, or empty
 * @param phase what is counted and how many in all
 * @param done units done so far
 * @param elapsedSeconds since the job was submitted
 * @param perSecond the recent rate; 0 before anything was counted
 */
public record ProgressLine(String label, String phasesDone, ProgressCounter phase, long done, double elapsedSeconds,
        double perSecond) {

    public String text() {
        String unit = phase.unit();
        long total = phase.total();
        StringBuilder line = new StringBuilder("moe-replay ").append(label).append(": ").append(phasesDone);
        if (done == 0) {
            return line.append("no ").append(unit).append(" yet, ").append(duration(elapsedSeconds)).append(" in").toString();
        }
        line.append(String.format("%,d", done));
        if (total > 0) {
            line.append(String.format(" of %,d %s (%.1f%%)", total, unit, 100.0 * done / total));
        } else {
            line.append(' ').append(unit);
        }
        line.append(" in ").append(duration(elapsedSeconds))
                .append(String.format(perSecond < 10 ? ", %.1f/s" : ", %,.0f/s", perSecond));
        if (total > 0 && done >= total) {
            line.append(", all counted; writing the results");
        } else if (total > 0 && perSecond > 0) {
            line.append(", about ").append(duration((total - done) / perSecond)).append(" left");
        }
        return line.toString();
    }

    /** 7 s, 1 min 26 s, 2 h 5 min: whole units, as a person reads a countdown. */
    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return s / 60 + " min " + s % 60 + " s";
        }
        return s / 3600 + " h " + s % 3600 / 60 + " min";
    }
}
