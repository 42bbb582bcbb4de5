package io.moereplay.model.routing;

import io.moereplay.model.replay.ReplayRequests;
import io.moereplay.model.trace.Phase;
import io.moereplay.model.trace.Request;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordedRoutingModelTest {

    /**
     * Two layers, 4 experts, top-2. Request 10: decode tokens 5, 6 (and a prefill token that must
     * not replay). Request 20: prefill tokens only, 0 and 1. Request 30: layer 0 only, so dropped.
     */
    private static RecordedRouting trace() {
        return RecordedRouting.builder(2, 4, 2)
                .add(10, 6, Phase.DECODE, 0, new int[] {2, 3}, 2)
                .add(10, 5, Phase.DECODE, 0, new int[] {0, 1}, 2)
                .add(10, 0, Phase.PREFILL, 0, new int[] {3, 0}, 2)
                .add(10, 5, Phase.DECODE, 1, new int[] {1, 2}, 2)
                .add(10, 6, Phase.DECODE, 1, new int[] {1, 3}, 2)
                .add(20, 0, Phase.PREFILL, 0, new int[] {3, 2}, 2)
                .add(20, 1, Phase.PREFILL, 0, new int[] {3, 1}, 2)
                .add(20, 0, Phase.PREFILL, 1, new int[] {0, 3}, 2)
                .add(30, 0, Phase.DECODE, 0, new int[] {0, 1}, 2)
                .build();
    }

    private static int[] route(RoutingModel model, int layer, int[] requests, int[] positions) {
        int[] counts = new int[model.experts()];
        model.layer(layer).route(new DecodeStep(0, 0, requests, positions), counts);
        return counts;
    }

    @Test
    void decodeTokensReplayInTokenOrderAndPrefillOnlyRequestsUseTheirPrompt() {
        RecordedRouting trace = trace();
        assertThat(trace.requestIds()).containsExactly(10, 20);
        assertThat(trace.incompleteRequests()).isEqualTo(1);
        assertThat(trace.missingLayer(30)).isEqualTo(1);
        assertThat(trace.missingLayer(10)).isEqualTo(-1);
        assertThat(trace.missingLayer(99)).isEqualTo(-1);
        assertThat(trace.tokens(0, 0)).isEqualTo(2);
        assertThat(trace.tokens(0, 1)).isEqualTo(2);
        assertThat(trace.tokens(1, 1)).isEqualTo(1);
        assertThat(trace.decisions()).isEqualTo((2 + 2 + 2 + 1) * 2);
    }

    @Test
    void requestsWithRecordedIdsReplayTheirOwnRouting() {
        ReplayRequests replay = ReplayRequests.of(List.of(new Request(20, 0, 1, 9), new Request(10, 5, 1, 9)));
        RecordedRoutingModel model = new RecordedRoutingModel(trace(), replay, 2, 4);
        assertThat(model.mappedById()).isTrue();
        // replay 0 = id 20 (prefill tokens {3,2},{3,1}); replay 1 = id 10 (decode {0,1},{2,3}).
        assertThat(route(model, 0, new int[] {0, 1}, new int[] {0, 0})).containsExactly(1, 1, 1, 1);
        assertThat(route(model, 0, new int[] {0, 1}, new int[] {1, 1})).containsExactly(0, 1, 1, 2);
        // Positions past the recording cycle: 10's token 2 is its token 0 again.
        assertThat(route(model, 0, new int[] {1}, new int[] {2})).containsExactly(1, 1, 0, 0);
        // Layer 1, where request 20 has a single token.
        assertThat(route(model, 1, new int[] {0, 0, 1}, new int[] {0, 5, 1})).containsExactly(2, 1, 0, 3);
    }

    @Test
    void otherRequestIdsMapByServingOrderAndLayersCycle() {
        // ids 1..3 are not recorded: serving order 0,1,2 -> recorded 10, 20, 10.
        ReplayRequests replay = ReplayRequests.of(List.of(
                new Request(3, 30, 1, 9), new Request(1, 10, 1, 9), new Request(2, 20, 1, 9)));
        RecordedRoutingModel model = new RecordedRoutingModel(trace(), replay, 5, 4);
        assertThat(model.mappedById()).isFalse();
        assertThat(new int[] {model.recordedRequest(0), model.recordedRequest(1), model.recordedRequest(2)})
                .containsExactly(0, 1, 0);
        // Model layer 3 replays recorded layer 1.
        assertThat(route(model, 3, new int[] {0, 1, 2}, new int[] {0, 0, 1}))
                .isEqualTo(route(model, 1, new int[] {0, 1, 2}, new int[] {0, 0, 1}))
                .containsExactly(1, 2, 1, 2); // {1,2} + {0,3} + {1,3}
    }

    @Test
    void shapeMismatchesAreRefusedWithTheNumbers() {
        ReplayRequests replay = ReplayRequests.of(List.of(new Request(1, 0, 1, 1)));
        assertThatThrownBy(() -> new RecordedRoutingModel(trace(), replay, 2, 8))
                .hasMessageContaining("has 4 experts per layer but the model routes over 8");
        assertThatThrownBy(() -> RecordedRouting.builder(1, 4, 2).add(1, 0, Phase.DECODE, 0, new int[] {1}, 1))
                .hasMessageContaining("chose 1 experts, but the replay routes top-2");
        assertThatThrownBy(() -> RecordedRouting.builder(1, 4, 1).build())
                .hasMessageContaining("no token decisions");
    }
}
