package io.moereplay.model.replay;

import io.moereplay.model.hotness.WindowSpec;
import io.moereplay.model.routing.DecodeStep;
import io.moereplay.model.routing.LayerRouter;
import io.moereplay.model.routing.PopularityDrift;
import io.moereplay.model.routing.RoutingModel;
import io.moereplay.model.routing.SyntheticRoutingModel;
import io.moereplay.model.routing.SyntheticRoutingSpec;
import io.moereplay.model.routing.ZipfMandelbrotPopularity;
import io.moereplay.model.synthetic.SplitMix64;
import io.moereplay.model.trace.Request;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DecodeScheduleTest {

    // A arrives at 0 with 3 output tokens, B at 5 with 2, C at 100 with 1; 10 us per iteration.
    private static final ReplayRequests ABC = ReplayRequests.of(List.of(
            new Request(7, 100, 40, 1), new Request(3, 0, 10, 3), new Request(5, 5, 20, 2)));

    @Test
    void keepsEachDecodeStepsStartTokensAndContext() {
        DecodeSchedule schedule = DecodeSchedule.record(ABC, new ContinuousBatching(2, StepTimer.fixed(10)));

        // t=10 decode A#0 (context 10 + 1) | t=20 decode A#1 B#0 (10 + 2 and 20 + 1), as ContinuousBatchingTest works out.
        assertThat(schedule.steps()).isEqualTo(2);
        assertThat(List.of(schedule.startMicros(0), schedule.startMicros(1))).containsExactly(10L, 20L);
        assertThat(List.of(schedule.tokens(0), schedule.tokens(1))).containsExactly(1, 2);
        assertThat(List.of(schedule.contextTokens(0), schedule.contextTokens(1))).containsExactly(11L, 33L);
        assertThat(schedule.stats()).isEqualTo(new ScheduleStats(4, 2, 3, 70, 2, 0, 110));
    }

    /** The synthetic router behind a plain {@link LayerRouter}, so the replay must re-run the batching. */
    private record ByRequests(RoutingModel model) implements RoutingModel {
        public String name() {
            return model.name();
        }

        public int layers() {
            return model.layers();
        }

        public int experts() {
            return model.experts();
        }

        public int topK() {
            return model.topK();
        }

        public LayerRouter layer(int layer) {
            LayerRouter router = model.layer(layer);
            return (DecodeStep step, int[] counts) -> router.route(step, counts);
        }
    }

    @Test
    void aSharedScheduleGivesExactlyTheLoadsOfReRunningTheBatchingPerLayer() {
        SplitMix64 random = new SplitMix64(3);
        List<Request> requests = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            requests.add(new Request(i, random.nextInt(60_000_000), 1 + random.nextInt(3_000), random.nextInt(300)));
        }
        ReplayRequests replay = ReplayRequests.of(requests);
        ContinuousBatching batching = new ContinuousBatching(64, StepTimer.fixed(30_000));
        DecodeSchedule schedule = DecodeSchedule.record(replay, batching);
        SyntheticRoutingModel model = new SyntheticRoutingModel(SyntheticRoutingSpec.of(4, 256, 8,
                new ZipfMandelbrotPopularity(1.1, 0), new PopularityDrift(0.3, 0.9, 10_000_000), 5));
        for (String window : List.of("10s", "100steps", "all")) {
            for (int layer = 0; layer < 4; layer++) {
                List<String> shared = new ArrayList<>();
                List<String> reRun = new ArrayList<>();
                LayerLoadReplay.replay(replay, batching, schedule, model, layer, WindowSpec.parse(window),
                        load -> shared.add(text(load)));
                LayerLoadReplay.replay(replay, batching, schedule, new ByRequests(model), layer,
                        WindowSpec.parse(window), load -> reRun.add(text(load)));
                assertThat(shared).as("layer %d by %s", layer, window).isNotEmpty().isEqualTo(reRun);
            }
        }
        assertThat(schedule.stats().decodeTokens()).isEqualTo(replay.totalDecodeTokens());
    }

    private static String text(LayerWindowLoad load) {
        return load.window() + " " + load.startMicros() + " " + load.firstStep() + " " + load.steps() + " "
                + load.decodeTokens() + " " + load.contextTokens() + " " + load.layer() + " "
                + java.util.Arrays.toString(load.tokensByExpert());
    }
}
