package io.moereplay.model.perf.findep;

import io.moereplay.model.perf.PingPongPipeline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PpPipeTest {

    @ParameterizedTest(name = "T_a={0} T_e={1} T_c={2} m={3} L={4}: {5} ms")
    @CsvSource({
            // T_total = (T_a + T_e + 2 T_c) + T_f (m L - 1), worked by hand:
            "1,   1, 0.4, 3, 4, 13.8",  // T_f 1, m >= 2.8:  2.8 + 1 x 11
            "2,   1, 0.5, 3, 2, 14",    // attention-bound, T_f 2, m >= 2.5:  4 + 2 x 5
            "1,   3, 2,   4, 3, 41",    // expert-bound, T_f 3, T_c 2 < 3, m >= 3.33:  8 + 3 x 11
            "1,   1, 0,   2, 5, 11",    // free links, m >= 2:  2 + 1 x 9
            "1.5, 1, 0.5, 3, 1, 6.5",   // one layer, T_f 1.5, m >= 2.67:  3.5 + 1.5 x 2
    })
    void simulatorMatchesMegaScaleInfersClosedForm(double ta, double te, double tc, int m, int layers,
                                                   double handMs) {
        assertThat(hides(ta, te, tc, m)).isTrue();
        assertThat(new PingPongPipeline(ta, te, tc, m, layers).totalMicros()).isCloseTo(handMs, within(1e-12));

        Plan plan = PpPipe.plan(1, m);
        Timeline timeline = TimelineSimulator.simulate(new TaskTimes(ta, 0, tc, te), plan.microBatches(),
                plan.segments(), plan.order(), layers);
        assertThat(timeline.makespanMs()).isCloseTo(handMs, within(1e-12));
    }

    @Test
    void tooFewMicroBatchesLeaveBubblesTheClosedFormMisses() {
        // T_a = T_e = 1, T_c = 0.5, m = 2 < 2 (1 + 0.5) = 3, L = 2. Closed form: 3 + 1 x 3 = 6.
        // By hand: layer 0 A 0-1 1-2, D 1-1.5 2-2.5, E 1.5-2.5 2.5-3.5, C 2.5-3 3.5-4; layer 1's
        // A0 waits for C0.0 (3): A 3-4 4-5, D 4-4.5 5-5.5, E 4.5-5.5 5.5-6.5, C 5.5-6 6.5-7. Makespan 7.
        assertThat(hides(1, 1, 0.5, 2)).isFalse();
        assertThat(new PingPongPipeline(1, 1, 0.5, 2, 2).totalMicros()).isEqualTo(6);
        assertThat(TimelineSimulator.simulate(new TaskTimes(1, 0, 0.5, 1), 2, 1, Order.ASAS, 2).makespanMs())
                .isEqualTo(7);
    }

    @Test
    void aSlowLinkBecomesTheBottleneck() {
        // T_a = T_e = 1, T_c = 1.5 > T_f, m = 4, L = 1. Closed form: 5 + 1 x 3 = 8.
        // By hand: A 0-1 .. 3-4; D 1-2.5 2.5-4 4-5.5 5.5-7; E 2.5-3.5 4-5 5.5-6.5 7-8;
        // C 3.5-5 5-6.5 6.5-8 8-9.5: each transfer waits for the one before, makespan 9.5.
        assertThat(hides(1, 1, 1.5, 4)).isFalse();
        assertThat(new PingPongPipeline(1, 1, 1.5, 4, 1).totalMicros()).isEqualTo(8);
        assertThat(TimelineSimulator.simulate(new TaskTimes(1, 0, 1.5, 1), 4, 1, Order.ASAS, 1).makespanMs())
                .isEqualTo(9.5);
    }

    /** MegaScale-Infer's Eq. 2 and 3 together: the pipeline hides its transfers. */
    private static boolean hides(double attention, double expert, double transfer, int microBatches) {
        PingPongPipeline pipeline = new PingPongPipeline(attention, expert, transfer, microBatches, 1);
        return pipeline.communicationHidden() && pipeline.pipelineFilled();
    }
}
