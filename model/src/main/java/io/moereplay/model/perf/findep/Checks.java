package io.moereplay.model.perf.findep;

/** Argument checks whose messages name the value and what was allowed. */
final class Checks {

    private Checks() {
    }

    static void positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    static void nonNegative(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be finite and at least 0, got " + value);
        }
    }
}
