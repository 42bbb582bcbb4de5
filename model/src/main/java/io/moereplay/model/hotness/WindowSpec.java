package io.moereplay.model.hotness;

import java.io.Serializable;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How routing decisions are grouped into windows: by time (a token's request arrival in a routing
 * trace, a decode step's start in a replay), by the token's position in the routing trace, by
 * decode step number (replays only), by the serving engine's forward pass (its recorders count per
 * pass, iteration or step), or all in one window.
 *
 * @param kind the grouping
 * @param length window length: microseconds for {@link Kind#TIME}, tokens for {@link Kind#TOKENS},
 *     decode steps for {@link Kind#STEPS}, forward passes for {@link Kind#PASSES}, 0 for {@link Kind#ALL}
 */
public record WindowSpec(Kind kind, long length) implements Serializable {

    /** The ways to group decisions. */
    public enum Kind {
        TIME,
        TOKENS,
        STEPS,
        PASSES,
        ALL
    }

    private static final Pattern SPEC =
            Pattern.compile("(\\d+)\\s*(us|ms|s|m|min|h|t|tok|tokens|step|steps|pass|passes)", Pattern.CASE_INSENSITIVE);

    public WindowSpec {
        if (kind == Kind.ALL ? length != 0 : length <= 0) {
            throw new IllegalArgumentException(
                    "window length " + length + " is not valid for " + kind + " windows");
        }
    }

    /** One window over the whole trace. */
    public static WindowSpec all() {
        return new WindowSpec(Kind.ALL, 0);
    }

    /**
     * Parses {@code 60s}, {@code 500ms}, {@code 5m}, {@code 1h}, {@code 250us} (time windows) or
     * {@code 1000tok} (token windows), {@code 1step} or {@code 100steps} (decode-step windows),
     * {@code 1000pass} (engine forward-pass windows) or {@code all}.
     *
     * @throws IllegalArgumentException naming the value and the accepted forms
     */
    public static WindowSpec parse(String text) {
        String trimmed = text.trim();
        if (trimmed.equalsIgnoreCase("all")) {
            return all();
        }
        Matcher m = SPEC.matcher(trimmed);
        if (!m.matches()) {
            throw new IllegalArgumentException("window '" + text
                    + "' is not a length such as 60s, 500ms, 5m, 1h, 1000tok, 10steps, 1000pass, or 'all'");
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2).toLowerCase(Locale.ROOT);
        if (unit.startsWith("step")) {
            return new WindowSpec(Kind.STEPS, amount);
        }
        if (unit.startsWith("pass")) {
            return new WindowSpec(Kind.PASSES, amount);
        }
        long micros = switch (unit) {
            case "us" -> 1L;
            case "ms" -> 1_000L;
            case "s" -> 1_000_000L;
            case "m", "min" -> 60_000_000L;
            case "h" -> 3_600_000_000L;
            default -> 0L;
        };
        return micros == 0
                ? new WindowSpec(Kind.TOKENS, amount)
                : new WindowSpec(Kind.TIME, Math.multiplyExact(amount, micros));
    }

    /**
     * The window of a decision or a decode step, from its time and its ordinal (the token's
     * position in a routing trace, the step's number in a replay, the engine's forward pass).
     */
    public long windowOf(long micros, long ordinal) {
        return switch (kind) {
            case TIME -> Math.floorDiv(micros, length);
            case TOKENS, STEPS, PASSES -> ordinal / length;
            case ALL -> 0L;
        };
    }

    /** Start of a time window in microseconds, or null for other kinds. */
    public Long startMicros(long window) {
        return kind == Kind.TIME ? window * length : null;
    }

    /** First token position of a token window, or null for other kinds. */
    public Long firstToken(long window) {
        return kind == Kind.TOKENS ? window * length : null;
    }

    /** First forward pass of a pass window, or null for other kinds. */
    public Long firstPass(long window) {
        return kind == Kind.PASSES ? window * length : null;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case TIME -> length + "us";
            case TOKENS -> length + "tok";
            case STEPS -> length + "steps";
            case PASSES -> length + "pass";
            case ALL -> "all";
        };
    }
}
