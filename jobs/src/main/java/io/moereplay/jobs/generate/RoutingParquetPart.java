package io.moereplay.jobs.generate;

import io.moereplay.connectors.parquet.TableParquetWriters;
import io.moereplay.connectors.routing.RoutingTable;
import io.moereplay.model.synthetic.DecisionSink;
import io.moereplay.model.trace.Phase;
import io.moereplay.model.trace.RoutingRecord;
import io.moereplay.model.trace.TraceShape;
import org.apache.parquet.hadoop.ParquetWriter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.TreeMap;

/** One routing Parquet part file ({@link RoutingTable#SCHEMA}, shape in the footer) being written. */
final class RoutingParquetPart implements DecisionSink, AutoCloseable {

    private static final float[] NO_WEIGHTS = new float[0];

    private final ParquetWriter<RoutingRecord> writer;

    RoutingParquetPart(Path file, TraceShape shape) throws IOException {
        // A sorted map: the footer's key order, and so the file's bytes, do not vary between runs.
        this.writer = TableParquetWriters.open(RoutingTable.SCHEMA, file,
                new TreeMap<>(RoutingTable.shapeMetadata(shape)));
    }

    @Override
    public void decision(long requestId, int tokenIndex, Phase phase, int layer,
            int[] experts, int k, float[] gateWeights, int gates) {
        RoutingRecord record = new RoutingRecord(requestId, tokenIndex, phase, layer,
                Arrays.copyOf(experts, k), gates == 0 ? NO_WEIGHTS : Arrays.copyOf(gateWeights, gates));
        try {
            writer.write(record);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }
}
