package io.moereplay.connectors.routing;

import io.moereplay.model.trace.Phase;
import io.moereplay.model.trace.TraceShape;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Cross-file duplicates: found only under contested keys, the first place named, whatever the file order of reading. */
class CrossFileVisitorTest {

    private static final TraceShape SHAPE = TraceShape.dense(2, 4);
    private static final List<String> FILES = List.of("a.parquet", "b.parquet");

    @Test
    void aDecisionReadAgainInALaterFileIsRejectedNamingBothPlaces() {
        FirstSightings sightings = new FirstSightings();
        RecordingVisitor a = new RecordingVisitor();
        RecordingVisitor b = new RecordingVisitor();
        ContestedKeys requestOne = ContestedKeys.union(List.of(new long[] {1, 1}));

        decide(new CrossFileVisitor(sightings, FILES, 0, SHAPE, requestOne, a), 7, 1, 0, 1);
        decide(new CrossFileVisitor(sightings, FILES, 1, SHAPE, requestOne, b), 2, 1, 0, 1);
        decide(new CrossFileVisitor(sightings, FILES, 1, SHAPE, requestOne, b), 3, 1, 0, 0);

        assertThat(a.rejects).isEmpty();
        assertThat(b.rejects).singleElement().satisfies(reject -> {
            assertThat(reject.sourceFile()).isEqualTo("b.parquet");
            assertThat(reject.row()).isEqualTo(2);
            assertThat(reject.reason()).isEqualTo("duplicate decision for request 1, token 0, layer 1 across files:"
                    + " first read at a.parquet:7, again at b.parquet:2; the first is kept");
        });
        assertThat(b.decisionRows).containsExactly(3L);
    }

    @Test
    void keysOutsideTheContestedRangesAreNotLookedUp() {
        FirstSightings sightings = new FirstSightings();
        RecordingVisitor b = new RecordingVisitor();
        ContestedKeys none = ContestedKeys.NONE;

        decide(new CrossFileVisitor(sightings, FILES, 0, SHAPE, none, new RecordingVisitor()), 1, 5, 0, 0);
        decide(new CrossFileVisitor(sightings, FILES, 1, SHAPE, none, b), 1, 5, 0, 0);

        // Uncontested keys are the range check's promise that no other file holds them: both pass.
        assertThat(b.rejects).isEmpty();
        assertThat(b.decisionRows).containsExactly(1L);
    }

    @Test
    void contestedRangesMergeAndContainTheirEnds() {
        ContestedKeys keys = ContestedKeys.union(List.of(new long[] {10, 20}, new long[] {21, 25}, new long[] {40, 40}));

        assertThat(keys).hasToString("[10..25, 40..40]");
        assertThat(List.of(9L, 10L, 25L, 26L, 40L, 41L)).map(keys::contains)
                .containsExactly(false, true, true, false, true, false);
        assertThat(ContestedKeys.ALL.contains(Long.MIN_VALUE)).isTrue();
        assertThat(ContestedKeys.NONE.isEmpty()).isTrue();
    }

    @Test
    void firstSightingsSurviveGrowth() {
        FirstSightings sightings = new FirstSightings();
        for (int key = 0; key < 10_000; key++) {
            assertThat(sightings.firstOr(key % 7, key, FirstSightings.origin(key % 3, key + 1))).isEqualTo(-1);
        }
        long first = sightings.firstOr(4242 % 7, 4242, FirstSightings.origin(2, 1));

        assertThat(List.of(FirstSightings.file(first), (int) FirstSightings.row(first))).containsExactly(4242 % 3, 4243);
    }

    private static void decide(CrossFileVisitor visitor, long row, long request, int token, int layer) {
        visitor.decision(row, request, token, Phase.DECODE, layer, new int[] {0, 1}, 2, new float[0], 0);
    }
}
