package io.moereplay.model.perf;

/**
 * One measured profile: an x (tokens, bytes) and the time measured there, in microseconds.
 *
 * @param label what was measured, e.g. {@code Mixtral-8x7B expert FFN on H100}
 * @param x the swept quantity
 * @param micros measured time at each x
 */
public record ProfilePoints(String label, double[] x, double[] micros) {

    public ProfilePoints {
        if (x.length != micros.length || x.length == 0) {
            throw new IllegalArgumentException(label + ": " + x.length + " x values and " + micros.length
                    + " times; need the same number, at least one");
        }
        x = x.clone();
        micros = micros.clone();
    }

    public FloorLineFit floorLineFit() {
        return FloorLineFit.of(x, micros);
    }

    public LinearFit linearFit() {
        return LinearFit.of(x, micros);
    }

    @Override
    public double[] x() {
        return x.clone();
    }

    @Override
    public double[] micros() {
        return micros.clone();
    }
}
