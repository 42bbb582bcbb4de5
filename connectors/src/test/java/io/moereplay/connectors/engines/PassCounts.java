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
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What engine readers push, as token counts per "pass,layer,expert" (a decision adds one token to
 * each chosen expert), with the rejects; and the fixtures' {@code _expected_counts.csv} in the
 * same form. Counts of several files add up, as ranks do downstream.
 */
final class PassCounts implements RoutingVisitor {

    final Map<String, Long> counts = new TreeMap<>();
    final List<Reject> rejects = new ArrayList<>();
    final List<Long> passes = new ArrayList<>();
    /** Each decision as "request/token@layer:phase". */
    final List<String> decisions = new ArrayList<>();
    long rowsRead;
    long rowsSeen;
    private long pass = -1;

    @Override
    public void decision(long row, long requestId, int tokenIndex, Phase phase, int layer, int[] experts, int k,
            float[] gateWeights, int gates) {
        rowsSeen++;
        decisions.add(requestId + "/" + tokenIndex + "@" + layer + ":" + phase.label());
        for (int i = 0; i < k; i++) {
            counts.merge(pass + "," + layer + "," + experts[i], 1L, Long::sum);
        }
    }

    @Override
    public void load(long row, long startMicros, int layer, int expert, long tokens) {
        rowsSeen++;
        counts.merge(pass + "," + layer + "," + expert, tokens, Long::sum);
    }

    @Override
    public void pass(long pass) {
        this.pass = pass;
        passes.add(pass);
    }

    @Override
    public void reject(Reject reject) {
        rowsSeen++;
        rejects.add(reject);
    }

    /** Reads the files through a validating visitor for {@code shape}, checking that every row read arrived once. */
    PassCounts read(RoutingTraceReader reader, TraceShape shape, Path... files) throws IOException {
        for (Path path : files) {
            LocalTraceFile file = new LocalTraceFile(path);
            long seenBefore = rowsSeen;
            long read = reader.read(file, new ValidatingRoutingVisitor(file.name(), shape, this));
            assertThat(rowsSeen - seenBefore).as("rows read == used + rejected for %s", file.name()).isEqualTo(read);
            rowsRead += read;
        }
        return this;
    }

    /** A fixture folder under {@code src/test/resources/engines}. */
    static Path fixture(String folder) {
        return fixtureIfPresent(folder).orElseThrow(() -> new IllegalStateException("no fixture folder " + folder));
    }

    /** A fixture folder that another branch may not have delivered yet. */
    static Optional<Path> fixtureIfPresent(String folder) {
        try {
            URL url = PassCounts.class.getResource("/engines/" + folder);
            return url == null ? Optional.empty() : Optional.of(Path.of(url.toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fixture's {@code _expected_counts.csv}, keyed "pass,layer,expert". */
    static Map<String, Long> expected(Path folder) throws IOException {
        Map<String, Long> expected = new TreeMap<>();
        List<String> lines = Files.readAllLines(folder.resolve("_expected_counts.csv"));
        for (String line : lines.subList(1, lines.size())) {
            int cut = line.lastIndexOf(',');
            expected.put(line.substring(0, cut), Long.parseLong(line.substring(cut + 1)));
        }
        return expected;
    }
}
