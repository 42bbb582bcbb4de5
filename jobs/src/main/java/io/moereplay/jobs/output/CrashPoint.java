package io.moereplay.jobs.output;

/**
 * A test hook for the crash tests: with {@code -Dmoe.replay.crash.at=k} (or the environment
 * variable {@code MOE_REPLAY_CRASH_AT=k}) the process halts with exit code 137, as if killed, right
 * before its k-th commit step (k counts from 1). {@code scope:k} counts only the steps of one scope
 * ({@value #COMMIT} for a job's output folder, {@value #NIGHTLY} for a nightly partition). Unset, a
 * step costs one comparison.
 */
public final class CrashPoint {

    public static final String PROPERTY = "moe.replay.crash.at";
    public static final String COMMIT = "commit";
    public static final String NIGHTLY = "nightly";
    private static final String SETTING = setting();
    private static int steps;

    private CrashPoint() {}

    /** Marks the next file-system step of {@code scope}, described by {@code what}. */
    public static synchronized void step(String scope, String what) {
        if (SETTING == null) {
            return;
        }
        int colon = SETTING.indexOf(':');
        if (colon >= 0 && !SETTING.substring(0, colon).equals(scope)) {
            return;
        }
        steps++;
        if (steps == Integer.parseInt(SETTING.substring(colon + 1))) {
            System.err.println("crash point " + steps + " (" + scope + "): halting before " + what);
            System.err.flush();
            Runtime.getRuntime().halt(137);
        }
    }

    private static String setting() {
        String value = System.getProperty(PROPERTY, System.getenv("MOE_REPLAY_CRASH_AT"));
        return value == null || value.isBlank() ? null : value.trim();
    }
}
