package io.moereplay.jobs.bench;

import io.moereplay.connectors.io.LocalTraceFile;
import io.moereplay.connectors.routing.RoutingFormat;
import io.moereplay.connectors.routing.RoutingTraceReader;
import io.moereplay.connectors.routing.RoutingVisitor;
import io.moereplay.model.trace.Phase;
import io.moereplay.model.trace.Reject;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.MessageType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Does the hand-written page decoder earn its lines? (A benchmark, not a test.) Counts every routing
 * decision of a canonical routing Parquet trace per (layer, expert), on one thread, two ways over the
 * same files:
 * <ul>
 *   <li>{@code ours}: moe-replay's reader ({@code ParquetRoutingReader}: pages decoded whole into arrays,
 *       a batch of rows at a time) handing each row to a visitor that only counts;
 *   <li>{@code parquet-java}: parquet-java's own column API ({@link ColumnReadStoreImpl}, one
 *       {@link ColumnReader} per column, value by value, levels and dictionaries decoded by it), the
 *       same five columns read in step, each row's experts counted. Its readers decode lazily, so
 *       they keep its default heap codecs: the direct ones ours uses reuse one buffer from page to
 *       page, which is safe only when each page is decoded whole before the next is read.
 * </ul>
 * Neither validates: this is the decoding alone. The two alternate for PASSES rounds; the first round
 * of each runs on a cold JIT. Prints one line per pass, then the first and best of each, and fails
 * if the two counted differently.
 *
 * <p>Usage: {@code PageDecoderBench ROUTING_DIR PASSES}.
 */
public final class PageDecoderBench {

    private PageDecoderBench() {}

    public static void main(String[] args) throws Exception {
        List<Path> files;
        try (Stream<Path> list = Files.list(Path.of(args[0]))) {
            files = list.filter(f -> f.toString().endsWith(".parquet")).sorted().toList();
        }
        int passes = Integer.parseInt(args[1]);
        long[] best = {Long.MAX_VALUE, Long.MAX_VALUE};
        long[] first = new long[2];
        long[][] counted = new long[2][];
        for (int pass = 1; pass <= passes; pass++) {
            for (int way = 0; way < 2; way++) {
                long[][] counts = new long[4096][];
                long began = System.nanoTime();
                for (Path file : files) {
                    if (way == 0) {
                        ours(file, counts);
                    } else {
                        parquetJava(file, counts);
                    }
                }
                long ms = (System.nanoTime() - began) / 1_000_000;
                long decisions = Arrays.stream(counts).filter(c -> c != null).flatMapToLong(Arrays::stream).sum();
                System.out.printf("pass=%d way=%s ms=%d decisions=%d decisions_per_s=%.0f%n", pass,
                        way == 0 ? "ours" : "parquet-java", ms, decisions, decisions / (ms / 1e3));
                first[way] = pass == 1 ? ms : first[way];
                best[way] = Math.min(best[way], ms);
                counted[way] = Arrays.stream(counts).filter(c -> c != null).flatMapToLong(Arrays::stream).toArray();
            }
            if (!Arrays.equals(counted[0], counted[1])) {
                throw new IllegalStateException("the two readers counted differently");
            }
        }
        System.out.printf("ours first_ms=%d best_ms=%d; parquet-java first_ms=%d best_ms=%d%n",
                first[0], best[0], first[1], best[1]);
    }

    private static void ours(Path file, long[][] counts) throws IOException {
        RoutingTraceReader.of(RoutingFormat.PARQUET).read(new LocalTraceFile(file), new RoutingVisitor() {
            @Override
            public void decision(long row, long requestId, int tokenIndex, Phase phase, int layer, int[] experts,
                    int k, float[] gateWeights, int gates) {
                long[] byExpert = layerCounts(counts, layer);
                for (int i = 0; i < k; i++) {
                    byExpert[experts[i]]++;
                }
            }

            @Override
            public void load(long row, long startMicros, int layer, int expert, long tokens) {
                throw new IllegalStateException("a routing trace holds decisions, not counts");
            }

            @Override
            public void reject(Reject reject) {
                throw new IllegalStateException("a row could not be read: " + reject);
            }

            @Override
            public boolean needsGateWeights() {
                return false;
            }
        });
    }

    private static void parquetJava(Path file, long[][] counts) throws IOException {
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            MessageType projection = new MessageType(schema.getName(), schema.getType("request_id"),
                    schema.getType("token_index"), schema.getType("phase"), schema.getType("layer"),
                    schema.getType("experts"));
            reader.setRequestedSchema(projection);
            String createdBy = reader.getFooter().getFileMetaData().getCreatedBy();
            PageReadStore pages;
            while ((pages = reader.readNextRowGroup()) != null) {
                ColumnReadStoreImpl store = new ColumnReadStoreImpl(pages,
                        new GroupRecordConverter(projection).getRootConverter(), projection, createdBy);
                List<ColumnDescriptor> columns = projection.getColumns();
                ColumnReader request = store.getColumnReader(columns.get(0));
                ColumnReader token = store.getColumnReader(columns.get(1));
                ColumnReader phase = store.getColumnReader(columns.get(2));
                ColumnReader layer = store.getColumnReader(columns.get(3));
                ColumnReader experts = store.getColumnReader(columns.get(4));
                int expertDefined = columns.get(4).getMaxDefinitionLevel();
                long expertValues = experts.getTotalValueCount();
                long expertRead = 0;
                for (long row = 0; row < pages.getRowCount(); row++) {
                    request.getLong();
                    request.consume();
                    token.getInteger();
                    token.consume();
                    phase.getBinary();
                    phase.consume();
                    long[] byExpert = layerCounts(counts, layer.getInteger());
                    layer.consume();
                    do {
                        if (experts.getCurrentDefinitionLevel() == expertDefined) {
                            byExpert[experts.getInteger()]++;
                        }
                        experts.consume();
                        expertRead++;
                    } while (expertRead < expertValues && experts.getCurrentRepetitionLevel() > 0);
                }
            }
        }
    }

    private static long[] layerCounts(long[][] counts, int layer) {
        long[] byExpert = counts[layer];
        if (byExpert == null) {
            byExpert = new long[4096];
            counts[layer] = byExpert;
        }
        return byExpert;
    }
}
