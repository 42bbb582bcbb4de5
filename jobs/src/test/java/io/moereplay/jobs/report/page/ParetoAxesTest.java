package io.moereplay.jobs.report.page;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The cost chart's axes and labels against numbers worked out by hand. */
class ParetoAxesTest {

    /** 9.5 .. 13 ms: span 3.5, padded by 8% (0.28) each side: 9.22 .. 13.28, linear; ticks every 1 ms (span / 8 = 0.5 -> 0.5). */
    @Test
    void candidatesCloseTogetherFillTheAxis() {
        ValueAxis axis = ValueAxis.fit(9.5, 12.1, 13.0);
        assertThat(axis.log()).isFalse();
        assertThat(axis.min()).isCloseTo(9.22, within(1e-9));
        assertThat(axis.max()).isCloseTo(13.28, within(1e-9));
        assertThat(axis.position(9.5)).isCloseTo(0.28 / 4.06, within(1e-9));
        assertThat(axis.ticks(4)).containsExactly(10.0, 11.0, 12.0, 13.0);
        assertThat(axis.ticks(8)).containsExactly(9.5, 10.0, 10.5, 11.0, 11.5, 12.0, 12.5, 13.0);
    }

    /** 5 .. 500: two decades, padded by 8% of them (10^0.16) each side; 8 ticks over 3 decades: 1, 2 and 5 a decade. */
    @Test
    void valuesOverADecadeApartGoOnALogAxis() {
        ValueAxis axis = ValueAxis.fit(5, 50, 500);
        assertThat(axis.log()).isTrue();
        assertThat(axis.min()).isCloseTo(5 / Math.pow(10, 0.16), within(1e-9));
        assertThat(axis.position(50)).isCloseTo(0.5, within(1e-9));
        assertThat(axis.ticks(8)).containsExactly(5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0);
        assertThat(axis.ticks(3)).containsExactly(10.0, 100.0);
        assertThat(ValueAxis.label(200.0)).isEqualTo("200");
        assertThat(ValueAxis.label(0.05)).isEqualTo("0.05");
    }

    /** One value: the axis spans 20% of it around it; costs near zero never go below zero. */
    @Test
    void aSingleCandidateOrValuesNearZeroStillGetAnAxis() {
        ValueAxis one = ValueAxis.fit(98.17);
        assertThat(one.contains(98.17)).isTrue();
        assertThat(one.position(98.17)).isCloseTo(0.5, within(1e-9));
        assertThat(ValueAxis.fit(0.0, 0.5).min()).isZero();
    }

    /**
     * The sample night: candidates at 6.8 .. 86 ms, SLO 150 ms is near (under 3 x 86), so the axis holds it. A
     * DeepSeek-V3 night: 9.3 .. 12.8 ms against 150 ms, more than 3 x the slowest: the axis is the candidates' own.
     */
    @Test
    void theSloIsOnTheAxisWhenItIsNearTheCandidates() {
        assertThat(ValueAxis.fitWithTarget(150, 6.8, 40, 86.2).contains(150)).isTrue();
        ValueAxis far = ValueAxis.fitWithTarget(150, 9.3, 12.1, 12.8);
        assertThat(far.contains(150)).isFalse();
        assertThat(far.max()).isLessThan(13.2);
    }

    /** Five candidates on one spot: each label gets a box of its own, none on a point. */
    @Test
    void labelsOfCandidatesOnOneSpotDoNotOverlap() {
        LabelSpots spots = new LabelSpots();
        spots.avoidPoint(100, 100, 9);
        List<double[]> boxes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            LabelSpots.Spot spot = spots.place(100, 100, 7, 11);
            boxes.add(new double[] {spot.x(), spot.y() + 1 - 11, spot.x() + 7, spot.y() + 1});
        }
        assertThat(boxes.get(0)).containsExactly(110, 94.5, 117, 105.5);
        assertThat(boxes.get(1)).containsExactly(83, 94.5, 90, 105.5);
        for (int a = 0; a < boxes.size(); a++) {
            double[] box = boxes.get(a);
            assertThat(box[2] <= 91 || box[0] >= 109 || box[3] <= 91 || box[1] >= 109).as("label %d off the point", a).isTrue();
            for (int b = 0; b < a; b++) {
                double[] other = boxes.get(b);
                assertThat(box[0] < other[2] && other[0] < box[2] && box[1] < other[3] && other[1] < box[3])
                        .as("labels %d and %d overlap", a, b).isFalse();
            }
        }
    }
}
