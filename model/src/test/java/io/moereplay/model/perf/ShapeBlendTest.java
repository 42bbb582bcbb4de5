package io.moereplay.model.perf;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Profiled shapes of 300 and 100 parameters (in that order), timed 30 and 10 us. */
class ShapeBlendTest {

    private static final double[] SIZES = {300, 100};
    private static final List<GroupedMoeTime> KERNELS = List.of((slots, active) -> 30, (slots, active) -> 10);

    @Test
    void aShapeBetweenIsLinearInSize() {
        ShapeBlend blend = ShapeBlend.of(SIZES, 150);
        assertThat(blend).isEqualTo(new ShapeBlend(1, 0, 0.25, 1, 0));
        assertThat(blend.grouped(KERNELS).micros(8, 1)).isEqualTo(15);
        assertThat(blend.exact()).isFalse();
    }

    @Test
    void aProfiledShapeIsItsOwnAndOneOutsideTakesTheNearest() {
        assertThat(ShapeBlend.of(SIZES, 100).exact()).isTrue();
        assertThat(ShapeBlend.of(SIZES, 100).grouped(KERNELS)).isSameAs(KERNELS.get(1));
        // Smaller than any: on the line through the two smallest, 10 - 0.25 x 20 = 5 us, at least the
        // smallest's time scaled by size (5 us); larger: the largest's, scaled by size.
        assertThat(ShapeBlend.of(SIZES, 50).grouped(KERNELS).micros(8, 1)).isEqualTo(5);
        assertThat(ShapeBlend.of(SIZES, 50).expert(List.of(t -> 30, t -> 20)).micros(8)).isEqualTo(17.5);
        assertThat(ShapeBlend.of(SIZES, 50).expert(List.of(t -> 300, t -> 20)).micros(8)).isEqualTo(10);
        assertThat(ShapeBlend.of(SIZES, 600).grouped(KERNELS).micros(8, 1)).isEqualTo(60);
        assertThat(ShapeBlend.of(SIZES, 600).expert(List.of(t -> 30, t -> 10)).micros(8)).isEqualTo(60);
    }
}
