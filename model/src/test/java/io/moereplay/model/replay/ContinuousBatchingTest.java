package io.moereplay.model.replay;

import io.moereplay.model.routing.DecodeStep;
import io.moereplay.model.synthetic.SplitMix64;
import io.moereplay.model.trace.Request;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContinuousBatchingTest {

    // A arrives at 0 with 3 output tokens, B at 5 with 2, C at 100 with 1; 10 us per iteration.
    private static final ReplayRequests ABC = ReplayRequests.of(List.of(
            new Request(7, 100, 40, 1), new Request(3, 0, 10, 3), new Request(5, 5, 20, 2)));

    @Test
    void requestsJoinAfterPrefillAndLeaveWhenDone() {
        List<DecodeStep> steps = new ArrayList<>();
        ScheduleStats stats = new ContinuousBatching(2, StepTimer.fixed(10)).run(ABC, steps::add);

        // t=0 prefill A | t=10 decode A#0, prefill B | t=20 decode A#1 B#0 | idle | t=100 prefill C.
        assertThat(steps).hasSize(2);
        assertThat(steps.get(0).startMicros()).isEqualTo(10);
        assertThat(steps.get(0).requests()).containsExactly(0);
        assertThat(steps.get(0).positions()).containsExactly(0);
        assertThat(steps.get(1).startMicros()).isEqualTo(20);
        assertThat(steps.get(1).requests()).containsExactly(0, 1);
        assertThat(steps.get(1).positions()).containsExactly(1, 0);
        assertThat(stats).isEqualTo(new ScheduleStats(4, 2, 3, 70, 2, 0, 110));
        // Step 1: A (prompt 10) on its 2nd decode token attends over 10 + 2, B (prompt 20) over 20 + 1.
        assertThat(ABC.contextTokens(steps.get(1))).isEqualTo(12 + 21);
    }

    @Test
    void aFullBatchMakesArrivalsWait() {
        List<DecodeStep> steps = new ArrayList<>();
        ScheduleStats stats = new ContinuousBatching(1, StepTimer.fixed(10)).run(ABC, steps::add);

        // t=0 prefill A | 10 A#0 | 20 A#1 (B waits) | 30 prefill B | 40 B#0 | 100 prefill C.
        assertThat(steps).extracting(DecodeStep::startMicros).containsExactly(10L, 20L, 40L);
        assertThat(steps).extracting(s -> s.requests()[0]).containsExactly(0, 0, 1);
        assertThat(stats.iterations()).isEqualTo(6);
        assertThat(stats.endMicros()).isEqualTo(110);
        assertThat(stats.maxBatch()).isEqualTo(1);
    }

    @Test
    void everyDecodeTokenIsGeneratedOnceInOrderAndBatchesStayBounded() {
        SplitMix64 random = new SplitMix64(42);
        List<Request> requests = new ArrayList<>();
        long expectedDecode = 0;
        for (int i = 0; i < 500; i++) {
            int out = random.nextInt(40);
            requests.add(new Request(i, random.nextInt(5_000), 1 + random.nextInt(100), out));
            expectedDecode += Math.max(out - 1, 0);
        }
        ReplayRequests replay = ReplayRequests.of(requests);
        Map<Integer, Integer> nextPosition = new HashMap<>();
        long[] previousStart = {-1};
        ScheduleStats stats = new ContinuousBatching(16, (decode, prefill) -> 3 + decode + prefill / 50)
                .run(replay, step -> {
                    assertThat(step.tokens()).isBetween(1, 16);
                    assertThat(step.startMicros()).isGreaterThan(previousStart[0]);
                    previousStart[0] = step.startMicros();
                    for (int i = 0; i < step.tokens(); i++) {
                        int request = step.requests()[i];
                        assertThat(step.positions()[i]).isEqualTo(nextPosition.getOrDefault(request, 0));
                        assertThat(replay.arrivalMicros(request)).isLessThan(step.startMicros());
                        nextPosition.put(request, step.positions()[i] + 1);
                    }
                });
        assertThat(stats.decodeTokens()).isEqualTo(expectedDecode).isEqualTo(replay.totalDecodeTokens());
        for (int i = 0; i < replay.size(); i++) {
            assertThat(nextPosition.getOrDefault(i, 0)).isEqualTo(replay.decodeTokens(i));
        }
    }

    @Test
    void servingOrderIsArrivalThenIdAndIdsMustBeUnique() {
        ReplayRequests replay = ReplayRequests.of(List.of(new Request(9, 5, 1, 1), new Request(2, 5, 1, 1),
                new Request(4, 1, 1, 1)));
        assertThat(new long[] {replay.id(0), replay.id(1), replay.id(2)}).containsExactly(4, 2, 9);
        assertThatThrownBy(() -> ReplayRequests.of(List.of(new Request(1, 0, 1, 1), new Request(1, 9, 1, 1))))
                .hasMessageContaining("request id 1 appears twice");
        assertThatThrownBy(() -> new ContinuousBatching(0, StepTimer.fixed(1))).hasMessageContaining("max batch 0");
        assertThatThrownBy(() -> new ContinuousBatching(1, (d, p) -> 0).run(ABC, s -> { }))
                .hasMessageContaining("at least 1 us");
    }
}
