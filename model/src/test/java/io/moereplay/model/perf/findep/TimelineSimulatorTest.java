package io.moereplay.model.perf.findep;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Schedules worked out by hand. In the charts one column is 1 ms; the attention group shows
 * {@code A<mb>} and {@code S<mb>}, the links and the expert group {@code <mb><segment>}, and
 * {@code --} continues a task. A row's layers follow each other left to right.
 */
class TimelineSimulatorTest {

    // Case 1: r1 = 2, r2 = 2, L = 2; t_a = 2, t_s = 1, t_a2e = t_e2a = 1, t_e = 1 (per segment).
    private static final TaskTimes CASE_1 = new TaskTimes(2, 1, 1, 1);

    @Test
    void aassStartsTheExpertsEarlier() {
        //        0  1  2  3  4  5  6  7  8  9  10 11 12 13 14
        // AG     A0 -- A1 -- S0 S1 A0 -- A1 -- S0 S1
        // A2E          00 01 10 11       00 01 10 11
        // EG              00 01 10 11       00 01 10 11
        // E2A                00 01 10 11       00 01 10 11
        // Layer 1's A0 needs C0.0.1 (ends 6) and A1 needs C0.1.1 (ends 8), just as the AG frees up.
        // Makespan 14.
        Timeline timeline = TimelineSimulator.simulate(CASE_1, 2, 2, Order.AASS, 2);

        assertThat(spans(timeline)).containsExactlyInAnyOrder(
                "A0.0 0-2", "A0.1 2-4", "S0.0 4-5", "S0.1 5-6",
                "D0.0.0 2-3", "D0.0.1 3-4", "D0.1.0 4-5", "D0.1.1 5-6",
                "E0.0.0 3-4", "E0.0.1 4-5", "E0.1.0 5-6", "E0.1.1 6-7",
                "C0.0.0 4-5", "C0.0.1 5-6", "C0.1.0 6-7", "C0.1.1 7-8",
                "A1.0 6-8", "A1.1 8-10", "S1.0 10-11", "S1.1 11-12",
                "D1.0.0 8-9", "D1.0.1 9-10", "D1.1.0 10-11", "D1.1.1 11-12",
                "E1.0.0 9-10", "E1.0.1 10-11", "E1.1.0 11-12", "E1.1.1 12-13",
                "C1.0.0 10-11", "C1.0.1 11-12", "C1.1.0 12-13", "C1.1.1 13-14");
        assertThat(timeline.makespanMs()).isEqualTo(14);
        // Busy: AG 2 x (2 x 2 + 2 x 1) = 12, the rest 2 layers x 4 segments x 1 = 8.
        assertThat(timeline.busyMs(Resource.ATTENTION_GROUP)).isEqualTo(12);
        assertThat(timeline.busyMs(Resource.EXPERT_GROUP)).isEqualTo(8);
        assertThat(timeline.busyMs(Resource.A2E_LINK)).isEqualTo(8);
        assertThat(timeline.busyMs(Resource.E2A_LINK)).isEqualTo(8);
        // Transfers cover 2-14, computation 0-13 (AG 0-12, EG 3-7 and 9-13): only 13-14 is exposed.
        assertThat(timeline.nonOverlappedCommMs()).isEqualTo(1);
    }

    @Test
    void asasDelaysTheSecondMicroBatchWhenThereIsNoWaitToFill() {
        //        0  1  2  3  4  5  6  7  8  9  10 11 12 13 14 15
        // AG     A0 -- S0 A1 -- S1 A0 -- S0 A1 -- S1
        // A2E          00 01    10 11    00 01    10 11
        // EG              00 01    10 11    00 01    10 11
        // E2A                00 01    10 11    00 01    10 11
        // S0 between A0 and A1 holds micro-batch 1 back by 1 ms in each layer: makespan 15, not 14.
        Timeline timeline = TimelineSimulator.simulate(CASE_1, 2, 2, Order.ASAS, 2);

        assertThat(spans(timeline)).containsExactlyInAnyOrder(
                "A0.0 0-2", "S0.0 2-3", "A0.1 3-5", "S0.1 5-6",
                "D0.0.0 2-3", "D0.0.1 3-4", "D0.1.0 5-6", "D0.1.1 6-7",
                "E0.0.0 3-4", "E0.0.1 4-5", "E0.1.0 6-7", "E0.1.1 7-8",
                "C0.0.0 4-5", "C0.0.1 5-6", "C0.1.0 7-8", "C0.1.1 8-9",
                "A1.0 6-8", "S1.0 8-9", "A1.1 9-11", "S1.1 11-12",
                "D1.0.0 8-9", "D1.0.1 9-10", "D1.1.0 11-12", "D1.1.1 12-13",
                "E1.0.0 9-10", "E1.0.1 10-11", "E1.1.0 12-13", "E1.1.1 13-14",
                "C1.0.0 10-11", "C1.0.1 11-12", "C1.1.0 13-14", "C1.1.1 14-15");
        assertThat(timeline.makespanMs()).isEqualTo(15);
        assertThat(timeline.busyMs(Resource.ATTENTION_GROUP)).isEqualTo(12);
        // Transfers cover 2-15, computation 0-14 (AG 0-12, EG up to 14): 14-15 is exposed.
        assertThat(timeline.nonOverlappedCommMs()).isEqualTo(1);
    }

    // Case 2: r1 = 2, r2 = 1, L = 3; t_a = 1, t_s = 2, t_a2e = t_e2a = 1, t_e = 3. Shared experts
    // outweigh attention and each micro-batch's round trip (1 + 3 + 1) outlasts the other's attention.
    private static final TaskTimes CASE_2 = new TaskTimes(1, 2, 1, 3);

    @Test
    void aassIdlesTheAttentionGroupWhileMicroBatchOneIsAway() {
        //        0  1  2  3  4  5  6  7  8  9  10 11 12 13 14 15 16 17 18 19 20 21 22 23
        // AG     A0 A1 S0 -- S1 -- A0       A1 S0 -- S1 -- A0 A1 S0 -- S1 --
        // A2E       0  1              0        1              0  1
        // EG           0  -- -- 1  -- -- 0  -- -- 1  -- --       0  -- -- 1  -- --
        // E2A                   0        1        0        1              0        1
        // Layer 1: A1 must wait for C0.1 (ends 9), and S0 is issued after it: AG idles 7-9.
        // Layer 2's A0 then waits for S1.1 (ends 14) although its inputs were ready at 12.
        Timeline timeline = TimelineSimulator.simulate(CASE_2, 2, 1, Order.AASS, 3);

        assertThat(spans(timeline)).containsExactlyInAnyOrder(
                "A0.0 0-1", "A0.1 1-2", "S0.0 2-4", "S0.1 4-6",
                "D0.0.0 1-2", "D0.1.0 2-3", "E0.0.0 2-5", "E0.1.0 5-8", "C0.0.0 5-6", "C0.1.0 8-9",
                "A1.0 6-7", "A1.1 9-10", "S1.0 10-12", "S1.1 12-14",
                "D1.0.0 7-8", "D1.1.0 10-11", "E1.0.0 8-11", "E1.1.0 11-14", "C1.0.0 11-12", "C1.1.0 14-15",
                "A2.0 14-15", "A2.1 15-16", "S2.0 16-18", "S2.1 18-20",
                "D2.0.0 15-16", "D2.1.0 16-17", "E2.0.0 16-19", "E2.1.0 19-22", "C2.0.0 19-20", "C2.1.0 22-23");
        assertThat(timeline.makespanMs()).isEqualTo(23);
        assertThat(timeline.busyMs(Resource.ATTENTION_GROUP)).isEqualTo(18);
        assertThat(timeline.busyMs(Resource.EXPERT_GROUP)).isEqualTo(18);
    }

    @Test
    void asasFillsThatWaitWithSharedExperts() {
        //        0  1  2  3  4  5  6  7  8  9  10 11 12 13 14 15 16 17 18 19 20 21
        // AG     A0 S0 -- A1 S1 -- A0 S0 -- A1 S1 -- A0 S0 -- A1 S1 --
        // A2E       0        1        0        1        0        1
        // EG           0  -- -- 1  -- -- 0  -- -- 1  -- -- 0  -- -- 1  -- --
        // E2A                   0        1        0        1        0        1
        // Layer 1: S0 runs 7-9 while micro-batch 1 is away, so the layer's AG work ends at 12, not 14,
        // and layer 2 starts 2 ms sooner: makespan 21 against AASS's 23.
        Timeline timeline = TimelineSimulator.simulate(CASE_2, 2, 1, Order.ASAS, 3);

        assertThat(spans(timeline)).containsExactlyInAnyOrder(
                "A0.0 0-1", "S0.0 1-3", "A0.1 3-4", "S0.1 4-6",
                "D0.0.0 1-2", "D0.1.0 4-5", "E0.0.0 2-5", "E0.1.0 5-8", "C0.0.0 5-6", "C0.1.0 8-9",
                "A1.0 6-7", "S1.0 7-9", "A1.1 9-10", "S1.1 10-12",
                "D1.0.0 7-8", "D1.1.0 10-11", "E1.0.0 8-11", "E1.1.0 11-14", "C1.0.0 11-12", "C1.1.0 14-15",
                "A2.0 12-13", "S2.0 13-15", "A2.1 15-16", "S2.1 16-18",
                "D2.0.0 13-14", "D2.1.0 16-17", "E2.0.0 14-17", "E2.1.0 17-20", "C2.0.0 17-18", "C2.1.0 20-21");
        assertThat(timeline.makespanMs()).isEqualTo(21);
        // The attention group does the same 18 ms of work in both orders; ASAS idles it 3 ms, AASS 5.
        assertThat(timeline.busyMs(Resource.ATTENTION_GROUP)).isEqualTo(18);
    }

    @Test
    void segmentsHidePartOfTheTransfers() {
        // One micro-batch, one layer, t_a = 1; in one segment t_a2e = t_e2a = 2 and t_e = 1:
        //   A 0-1, D 1-3, E 3-4, C 4-6: both transfers exposed, 4 ms.
        Timeline whole = TimelineSimulator.simulate(new TaskTimes(1, 0, 2, 1), 1, 1, Order.AASS, 1);
        assertThat(whole.makespanMs()).isEqualTo(6);
        assertThat(whole.nonOverlappedCommMs()).isEqualTo(4);
        // In two segments (pure beta: each half as long): D 1-2 2-3, E 2-2.5 3-3.5, C 2.5-3.5 3.5-4.5.
        // Transfers cover 1-4.5 = 3.5 ms, of which E hides 2-2.5 and 3-3.5: 2.5 ms exposed.
        Timeline split = TimelineSimulator.simulate(new TaskTimes(1, 0, 1, 0.5), 1, 2, Order.AASS, 1);
        assertThat(split.makespanMs()).isEqualTo(4.5);
        assertThat(split.nonOverlappedCommMs()).isEqualTo(2.5);
    }

    @Test
    void withoutSharedExpertsBothOrdersAreOneSchedule() {
        TaskTimes noShared = new TaskTimes(2, 0, 1, 1);
        Timeline aass = TimelineSimulator.simulate(noShared, 3, 2, Order.AASS, 2);
        Timeline asas = TimelineSimulator.simulate(noShared, 3, 2, Order.ASAS, 2);

        assertThat(spans(asas)).containsExactlyInAnyOrderElementsOf(spans(aass));
        assertThat(aass.tasks()).noneMatch(t -> t.kind() == TaskKind.SHARED);
        // 2 layers x (3 attention + 3 x 2 x 3 segment tasks) = 42.
        assertThat(aass.tasks()).hasSize(42);
    }

    static List<String> spans(Timeline timeline) {
        return timeline.tasks().stream()
                .map(t -> t.label() + " " + plain(t.startMs()) + "-" + plain(t.endMs()))
                .toList();
    }

    private static String plain(double ms) {
        return BigDecimal.valueOf(ms).stripTrailingZeros().toPlainString();
    }
}
