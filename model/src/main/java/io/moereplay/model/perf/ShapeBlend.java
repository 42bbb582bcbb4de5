package io.moereplay.model.perf;

/**
 * Where an expert shape falls among profiled ones, by its size: the parameters of one expert
 * ({@code matrices x hidden x intermediate}), to which both its weight bytes and its FLOPs per token
 * are proportional. Between two profiled sizes a time is linear in size from the two nearest; below
 * the smallest it follows the line through the two smallest (kernel floors keep small experts from
 * shrinking with their bytes), never below the smallest's time scaled by size; above the largest it
 * is the largest's scaled by size (weights and FLOPs dominate).
 *
 * @param lower index of the profiled shape at or below (the smallest, below the range)
 * @param upper index of the profiled shape at or above (the second smallest, below the range)
 * @param weight share of the upper shape's time: in [0, 1] between, negative below the range
 * @param scale factor on the blend (1 unless above the largest)
 * @param floor the least a time may be, as a share of the lower shape's (0 unless below the range)
 */
public record ShapeBlend(int lower, int upper, double weight, double scale, double floor)
        implements java.io.Serializable {

    /**
     * @param sizes the profiled shapes' sizes (any order, none equal)
     * @param size the shape to time
     */
    public static ShapeBlend of(double[] sizes, double size) {
        if (sizes.length == 0) {
            throw new IllegalArgumentException("no profiled shapes to blend");
        }
        int below = -1;
        int above = -1;
        for (int s = 0; s < sizes.length; s++) {
            if (sizes[s] == size) {
                return new ShapeBlend(s, s, 0, 1, 0);
            }
            if (sizes[s] < size && (below < 0 || sizes[s] > sizes[below])) {
                below = s;
            }
            if (sizes[s] > size && (above < 0 || sizes[s] < sizes[above])) {
                above = s;
            }
        }
        if (below < 0) {
            int second = -1;
            for (int s = 0; s < sizes.length; s++) {
                if (s != above && (second < 0 || sizes[s] < sizes[second])) {
                    second = s;
                }
            }
            return second < 0 ? new ShapeBlend(above, above, 0, 1, 0)
                    : new ShapeBlend(above, second, (size - sizes[above]) / (sizes[second] - sizes[above]), 1,
                            size / sizes[above]);
        }
        if (above < 0) {
            return new ShapeBlend(below, below, 0, size / sizes[below], 0);
        }
        return new ShapeBlend(below, above, (size - sizes[below]) / (sizes[above] - sizes[below]), 1, 0);
    }

    /** Whether the shape was profiled itself. */
    public boolean exact() {
        return lower == upper && scale == 1 && weight == 0;
    }

    public double blend(double lowerValue, double upperValue) {
        return Math.max(scale * (lowerValue + weight * (upperValue - lowerValue)), floor * lowerValue);
    }

    /** A grouped kernel of this shape from the profiled shapes' kernels (indexed as the sizes). */
    public GroupedMoeTime grouped(java.util.List<? extends GroupedMoeTime> profiled) {
        GroupedMoeTime low = profiled.get(lower);
        GroupedMoeTime high = profiled.get(upper);
        if (exact()) {
            return low;
        }
        return (GroupedMoeTime & java.io.Serializable) (slots, active) ->
                blend(low.micros(slots, active), high.micros(slots, active));
    }

    /** One expert of this shape from the profiled shapes' experts (indexed as the sizes). */
    public ExpertFfnTime expert(java.util.List<? extends ExpertFfnTime> profiled) {
        ExpertFfnTime low = profiled.get(lower);
        ExpertFfnTime high = profiled.get(upper);
        if (exact()) {
            return low;
        }
        return new ExpertFfnTime() {
            private static final long serialVersionUID = 1L;

            @Override
            public double micros(long tokens) {
                return blend(low.micros(tokens), high.micros(tokens));
            }

            @Override
            public double backToBackSavingMicros(long tokens) {
                return blend(low.backToBackSavingMicros(tokens), high.backToBackSavingMicros(tokens));
            }

            @Override
            public boolean savesBackToBack() {
                return low.savesBackToBack() || high.savesBackToBack();
            }
        };
    }
}
