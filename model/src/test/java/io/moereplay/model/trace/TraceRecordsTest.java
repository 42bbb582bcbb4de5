package io.moereplay.model.trace;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TraceRecordsTest {

    @Test
    void routingRecordRejectsStructuralProblems() {
        assertThatThrownBy(() -> new RoutingRecord(1, 0, Phase.DECODE, 0, new int[] {3, 3}, null))
                .hasMessage("expert 3 chosen twice");
        assertThatThrownBy(() -> new RoutingRecord(1, -1, Phase.DECODE, 0, new int[] {3}, null))
                .hasMessage("token index -1 is negative");
        assertThatThrownBy(() -> new RoutingRecord(1, 0, Phase.DECODE, 0, new int[0], null))
                .hasMessage("no experts chosen");
        assertThatThrownBy(() -> new RoutingRecord(1, 0, Phase.DECODE, 0, new int[] {1, 2}, new float[] {0.5f}))
                .hasMessage("1 gate weights for 2 experts");
        assertThatThrownBy(() -> new RoutingRecord(1, 0, Phase.DECODE, 0, new int[] {1}, new float[] {Float.NaN}))
                .hasMessage("gate weight NaN is not a finite non-negative number");
    }

    @Test
    void routingRecordIsImmutableAndComparedByValue() {
        int[] experts = {4, 1};
        RoutingRecord record = new RoutingRecord(9, 2, Phase.PREFILL, 5, experts, new float[] {0.7f, 0.3f});
        experts[0] = 0;
        record.experts()[1] = 0;

        assertThat(record.experts()).containsExactly(4, 1);
        assertThat(record).isEqualTo(new RoutingRecord(9, 2, Phase.PREFILL, 5, new int[] {4, 1}, new float[] {0.7f, 0.3f}));
        assertThat(record.topK()).isEqualTo(2);
    }

    @Test
    void requestAndLoadValidateCounts() {
        assertThatThrownBy(() -> new Request(0, 10, -1, 5)).hasMessage("input tokens -1 is negative");
        assertThatThrownBy(() -> new Request(0, -1, 1, 5)).hasMessage("arrival time -1 us is negative");
        assertThatThrownBy(() -> new ExpertLoad(0, 1, 2, -3)).hasMessage("tokens -3 is negative");
        assertThat(new Request(3, 10, 1, 5, List.of(7L, 8L)).prefixBlockHashes()).containsExactly(7L, 8L);
    }

    @Test
    void shapeRangeChecksLayersAndExperts() {
        TraceShape sparse = TraceShape.ofLayers(new int[] {1, 3, 5}, 8);

        assertThat(sparse.indexOf(3)).isEqualTo(1);
        assertThat(sparse.layerProblem(2)).isEqualTo("layer 2 is not one of [1, 3, 5]");
        assertThat(sparse.expertProblem(8)).isEqualTo("expert id 8 is outside [0, 8)");
        assertThat(TraceShape.dense(6, 8).layerProblem(6)).isEqualTo("layer 6 is not one of [0, 6)");
        assertThatThrownBy(() -> TraceShape.ofLayers(new int[] {3, 1}, 8))
                .hasMessageContaining("strictly increasing");
    }

    @Test
    void arrivalsFindRequestsById() {
        RequestArrivals arrivals = RequestArrivals.of(List.of(new Request(5, 500, 1, 1), new Request(2, 200, 1, 1)));

        assertThat(arrivals.arrivalMicros(2)).isEqualTo(200);
        assertThat(arrivals.arrivalMicros(5)).isEqualTo(500);
        assertThat(arrivals.arrivalMicros(3)).isEqualTo(-1);
    }

    @Test
    void readStatsMustReconcile() {
        assertThatThrownBy(() -> new FileReadStats("f.jsonl", "token-jsonl", 10, 8, 1, 16))
                .hasMessageContaining("10 rows read but 8 used and 1 rejected; rows were lost");
    }
}
