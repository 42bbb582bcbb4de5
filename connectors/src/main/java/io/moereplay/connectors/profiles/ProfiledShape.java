package io.moereplay.connectors.profiles;

/**
 * One expert shape's measurements in a profile file.
 *
 * @param model the model the shape was measured as (the file's {@code model} column)
 * @param hidden model width h
 * @param intermediate the expert's FFN width i
 * @param profile what was measured of it
 */
public record ProfiledShape<T>(String model, int hidden, int intermediate, T profile) {

    /**
     * The shape's size for blending between shapes: parameters of one gated expert (3 h i), to which
     * its weight bytes and FLOPs per token are both proportional.
     */
    public double size() {
        return 3.0 * hidden * intermediate;
    }

    public boolean isShape(int hidden, int intermediate) {
        return this.hidden == hidden && this.intermediate == intermediate;
    }
}
