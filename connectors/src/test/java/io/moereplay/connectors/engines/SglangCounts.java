package io.moereplay.connectors.engines;

import static org.assertj.core.api.Assertions.assertThat;

import io.moereplay.connectors.io.LocalTraceFile;
import io.moereplay.connectors.routing.RoutingTraceReader;
import io.moereplay.connectors.routing.RoutingVisitor;
import io.moereplay.connectors.routing.ValidatingRoutingVisitor;
import io.moereplay.model.trace.Phase;
import io.moereplay.model.trace.Reject;
import io.moereplay.model.trace.TraceShape;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Tokens per "pass,layer,expert" as readers push them, summed over the files read (ranks are summed
 * downstream), with the passes announced and the rejects; and the fixtures' expected counts in the
 * same keys.
 */
final class SglangCounts implements RoutingVisitor {

    final Map<String, Long> tokens = new TreeMap<>();
    final TreeSet<Long> passes = new TreeSet<>();
    final List<Reject> rejects = new ArrayList<>();
    long rowsRead;
    private long loads;
    private long currentPass = Long.MIN_VALUE;

    /** Reads every file through a {@link ValidatingRoutingVisitor} for its declared shape; checks rows reconcile. */
    static SglangCounts read(RoutingTraceReader reader, List<Path> files) throws IOException {
        SglangCounts counts = new SglangCounts();
        for (Path path : files) {
            LocalTraceFile file = new LocalTraceFile(path);
            TraceShape shape = reader.declaredShape(file).orElseThrow();
            long before = counts.loads + counts.rejects.size();
            counts.rowsRead += reader.read(file, new ValidatingRoutingVisitor(file.name(), shape, counts));
            assertThat(counts.loads + counts.rejects.size()).as("rows read == loads + rejects for %s", path)
                    .isEqualTo(counts.rowsRead);
            assertThat(before).isLessThanOrEqualTo(counts.rowsRead);
        }
        return counts;
    }

    /** The {@code pass,layer,expert,tokens} rows of a fixture's {@code _expected_counts.csv}. */
    static Map<String, Long> expected(Path csv) throws IOException {
        Map<String, Long> expected = new TreeMap<>();
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo("pass,layer,expert,tokens");
        for (String line : lines.subList(1, lines.size())) {
            int last = line.lastIndexOf(',');
            expected.merge(line.substring(0, last), Long.parseLong(line.substring(last + 1)), Long::sum);
        }
        return expected;
    }

    @Override
    public void pass(long pass) {
        currentPass = pass;
        passes.add(pass);
    }

    @Override
    public void load(long row, long startMicros, int layer, int expert, long count) {
        assertThat(startMicros).isEqualTo(UNTIMED);
        assertThat(currentPass).as("a pass announced before row %d", row).isNotEqualTo(Long.MIN_VALUE);
        loads++;
        tokens.merge(currentPass + "," + layer + "," + expert, count, Long::sum);
    }

    @Override
    public void decision(long row, long requestId, int tokenIndex, Phase phase, int layer, int[] experts, int k,
            float[] gateWeights, int gates) {
        throw new AssertionError("SGLang recorder dumps hold counts, not decisions (row " + row + ")");
    }

    @Override
    public void reject(Reject reject) {
        rejects.add(reject);
    }
}
