package io.moereplay.connectors.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.moereplay.connectors.io.LocalTraceFile;
import io.moereplay.model.trace.ExpertLoad;
import io.moereplay.model.trace.Phase;
import io.moereplay.model.trace.Reject;
import io.moereplay.model.trace.RoutingRecord;
import io.moereplay.model.trace.TraceShape;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Records what a reader pushes: decisions as {@link RoutingRecord}s (copying the reused arrays),
 * loads as {@link ExpertLoad}s in window 0, and rejects, each with the row it came from.
 */
final class RecordingVisitor implements RoutingVisitor {

    final List<RoutingRecord> decisions = new ArrayList<>();
    final List<Long> decisionRows = new ArrayList<>();
    final List<ExpertLoad> loads = new ArrayList<>();
    final List<Long> loadRows = new ArrayList<>();
    final List<Reject> rejects = new ArrayList<>();
    long rowsRead = -1;
    /** False to read as a visitor that only counts experts does. */
    boolean needsGates = true;

    @Override
    public void decision(long row, long requestId, int tokenIndex, Phase phase, int layer,
            int[] experts, int k, float[] gateWeights, int gates) {
        try {
            decisions.add(new RoutingRecord(requestId, tokenIndex, phase, layer,
                    Arrays.copyOf(experts, k), Arrays.copyOf(gateWeights, gates)));
        } catch (IllegalArgumentException e) {
            throw new AssertionError("row " + row + " reached the visitor as an invalid decision: "
                    + e.getMessage(), e);
        }
        decisionRows.add(row);
    }

    @Override
    public void load(long row, long startMicros, int layer, int expert, long tokens) {
        loads.add(new ExpertLoad(0, layer, expert, tokens));
        loadRows.add(row);
    }

    @Override
    public boolean needsGateWeights() {
        return needsGates;
    }

    @Override
    public void reject(Reject reject) {
        rejects.add(reject);
    }

    /** Decisions + loads + rejects: every row read must be one of them. */
    long total() {
        return decisions.size() + loads.size() + rejects.size();
    }

    /**
     * Reads a file through a {@link ValidatingRoutingVisitor} for {@code shape} (or unvalidated
     * when shape is null) and checks that no row was lost.
     */
    static RecordingVisitor read(RoutingTraceReader reader, LocalTraceFile file, TraceShape shape)
            throws IOException {
        RecordingVisitor recorder = new RecordingVisitor();
        RoutingVisitor visitor =
                shape == null ? recorder : new ValidatingRoutingVisitor(file.name(), shape, recorder);
        recorder.rowsRead = reader.read(file, visitor);
        assertThat(recorder.total())
                .as("rows read == decisions + loads + rejects for %s", file.name())
                .isEqualTo(recorder.rowsRead);
        return recorder;
    }

    /** Asserts that there is exactly one reject, at {@code row}, with the field and reason. */
    void assertOnlyReject(String file, long row, String field, String reasonFragment) {
        assertThat(rejects).as("rejects").hasSize(1);
        Reject reject = rejects.get(0);
        assertThat(reject.sourceFile()).isEqualTo(file);
        assertThat(reject.row()).as("row of %s", reject).isEqualTo(row);
        assertThat(reject.field()).as("field of %s", reject).isEqualTo(field);
        assertThat(reject.reason()).as("reason of %s", reject).contains(reasonFragment);
    }
}
