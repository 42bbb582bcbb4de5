package io.moereplay.connectors.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.moereplay.model.trace.ExpertLoad;
import io.moereplay.model.trace.Phase;
import io.moereplay.model.trace.Reject;
import io.moereplay.model.trace.RoutingRecord;
import io.moereplay.model.trace.TraceShape;
import org.junit.jupiter.api.Test;

class ValidatingRoutingVisitorTest {

    private final RecordingVisitor recorder = new RecordingVisitor();
    private final ValidatingRoutingVisitor visitor = new ValidatingRoutingVisitor(
            "t.jsonl", TraceShape.ofLayers(new int[] {1, 3}, 4), recorder);

    @Test
    void passesValidRowsThroughAndTheUnusedTailOfBuffersIsIgnored() {
        int[] buffer = {2, 0, 2, 2};          // only [2, 0] is chosen; the tail repeats 2
        float[] gates = {0.75f, 0.25f, -1f};  // only two weights are valid
        visitor.decision(1, 5, 0, Phase.DECODE, 3, buffer, 2, gates, 2);
        visitor.load(2, RoutingVisitor.UNTIMED, 1, 3, 0);

        assertThat(recorder.rejects).isEmpty();
        assertThat(recorder.decisions).containsExactly(new RoutingRecord(
                5, 0, Phase.DECODE, 3, new int[] {2, 0}, new float[] {0.75f, 0.25f}));
        assertThat(recorder.loads).containsExactly(new ExpertLoad(0, 1, 3, 0));
    }

    @Test
    void rejectsDuplicatesPerRequestTokenAndLayerOnly() {
        int[] one = {1};
        float[] none = {};
        visitor.decision(1, 5, 0, Phase.PREFILL, 1, one, 1, none, 0);
        visitor.decision(2, 5, 0, Phase.PREFILL, 3, one, 1, none, 0);  // other layer
        visitor.decision(3, 6, 0, Phase.PREFILL, 1, one, 1, none, 0);  // other request
        visitor.decision(4, 5, 1, Phase.PREFILL, 1, one, 1, none, 0);  // other token
        visitor.decision(5, 5, 0, Phase.DECODE, 1, one, 1, none, 0);   // duplicate of row 1

        assertThat(recorder.decisionRows).containsExactly(1L, 2L, 3L, 4L);
        assertThat(recorder.rejects).containsExactly(new Reject("t.jsonl", 5, "token_index",
                "duplicate decision for request 5, token 0, layer 1"));
    }

    @Test
    void rejectsBadLoads() {
        visitor.load(1, RoutingVisitor.UNTIMED, 2, 0, 7);   // layer not declared
        visitor.load(2, RoutingVisitor.UNTIMED, 3, 4, 7);   // expert out of range
        visitor.load(3, RoutingVisitor.UNTIMED, 3, 1, 7);
        visitor.load(4, RoutingVisitor.UNTIMED, 3, 1, 9);   // duplicate count
        visitor.load(5, RoutingVisitor.UNTIMED, 1, 1, 9);   // same expert, other layer

        assertThat(recorder.rejects).containsExactly(
                new Reject("t.jsonl", 1, "layer", "layer 2 is not one of [1, 3]"),
                new Reject("t.jsonl", 2, "expert", "expert id 4 is outside [0, 4)"),
                new Reject("t.jsonl", 4, "expert", "duplicate count for layer 3, expert 1"));
        assertThat(recorder.loads).containsExactly(new ExpertLoad(0, 3, 1, 7), new ExpertLoad(0, 1, 1, 9));
        assertThat(recorder.loadRows).containsExactly(3L, 5L);
    }

    @Test
    void timedLoadsAreDuplicatesOnlyWithinTheirWindow() {
        visitor.load(1, 60_000_000, 3, 1, 7);
        visitor.load(2, 120_000_000, 3, 1, 8);   // same expert, next window
        visitor.load(3, 60_000_000, 3, 1, 9);    // same window again

        assertThat(recorder.loadRows).containsExactly(1L, 2L);
        assertThat(recorder.rejects).containsExactly(new Reject("t.jsonl", 3, "expert",
                "duplicate count for layer 3, expert 1 in the window starting at 60000000 us"));
    }

    @Test
    void passesReaderRejectsThrough() {
        Reject reject = new Reject("t.jsonl", 9, "", "blank line");
        visitor.reject(reject);

        assertThat(recorder.rejects).containsExactly(reject);
    }
}
