package io.moereplay.connectors.parquetlayouts;

import io.moereplay.connectors.io.LocalTraceFile;
import io.moereplay.connectors.routing.RoutingFormat;
import io.moereplay.connectors.routing.RoutingTraceReader;
import io.moereplay.connectors.routing.RoutingVisitor;
import io.moereplay.model.trace.Phase;
import io.moereplay.model.trace.Reject;
import org.apache.parquet.column.ParquetProperties.WriterVersion;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The routing Parquet reader decodes pages itself (levels, dictionary ids, plain values), so it is
 * checked here against every page layout parquet-mr writes: data page v1 and v2, dictionary and
 * plain encodings (v2 without a dictionary means delta encodings, read through parquet-mr's own
 * readers), dictionaries that fall back to plain mid-column, tiny pages, many row groups, every
 * codec, and optional columns with nulls, empty lists and null elements. What the visitor sees must
 * match the rows written, row for row.
 */
class RoutingParquetLayoutsTest {

    private static final MessageType OPTIONAL = MessageTypeParser.parseMessageType("message routing {"
            + " optional int64 request_id; optional int32 token_index; optional binary phase (STRING);"
            + " optional int32 layer;"
            + " optional group experts (LIST) { repeated group list { optional int32 element; } }"
            + " optional group gate_weights (LIST) { repeated group list { optional float element; } } }");

    private static final MessageType REQUIRED = MessageTypeParser.parseMessageType("message routing {"
            + " required int64 request_id; required int32 token_index; required binary phase (STRING);"
            + " required int32 layer;"
            + " required group experts (LIST) { repeated group list { required int32 element; } } }");

    /** One row as written: null fields, lists with null elements, odd phases. */
    private record Row(Long request, Integer token, String phase, Integer layer, Integer[] experts, Float[] gates) {}

    static Stream<Arguments> layouts() {
        List<Arguments> out = new ArrayList<>();
        for (WriterVersion version : WriterVersion.values()) {
            for (boolean dictionary : new boolean[] {true, false}) {
                for (int pageRows : new int[] {3, 20_000}) {
                    out.add(Arguments.of(version, dictionary, pageRows, CompressionCodecName.SNAPPY));
                }
            }
        }
        out.add(Arguments.of(WriterVersion.PARQUET_1_0, true, 50, CompressionCodecName.UNCOMPRESSED));
        out.add(Arguments.of(WriterVersion.PARQUET_2_0, true, 50, CompressionCodecName.GZIP));
        out.add(Arguments.of(WriterVersion.PARQUET_1_0, true, 50, CompressionCodecName.ZSTD));
        return out.stream();
    }

    @ParameterizedTest(name = "{0}, dictionary {1}, {2} rows a page, {3}, optional columns")
    @MethodSource("layouts")
    void readsOptionalColumnsWithNullsRowForRow(WriterVersion version, boolean dictionary, int pageRows,
            CompressionCodecName codec, @TempDir Path dir) throws IOException {
        List<Row> rows = rows(new Random(pageRows * 31L + version.ordinal() + (dictionary ? 7 : 0)), 3_000, true);
        Path file = dir.resolve("routing.parquet");
        write(file, OPTIONAL, rows, version, dictionary, pageRows, codec);

        assertThat(read(file)).containsExactlyElementsOf(expected(rows, true));
    }

    @ParameterizedTest(name = "{0}, dictionary {1}, {2} rows a page, {3}, required columns")
    @MethodSource("layouts")
    void readsRequiredColumnsRowForRow(WriterVersion version, boolean dictionary, int pageRows,
            CompressionCodecName codec, @TempDir Path dir) throws IOException {
        List<Row> rows = rows(new Random(pageRows * 17L + version.ordinal()), 3_000, false);
        Path file = dir.resolve("routing.parquet");
        write(file, REQUIRED, rows, version, dictionary, pageRows, codec);

        assertThat(read(file)).containsExactlyElementsOf(expected(rows, false));
    }

    private static List<Row> rows(Random random, int count, boolean withNulls) {
        String[] phases = {"prefill", "decode", "Decode", "PREFILL", "warmup"};
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            boolean odd = withNulls && random.nextInt(10) == 0;
            int kind = odd ? random.nextInt(9) : -1;
            // Many distinct request ids: a small dictionary page overflows and falls back to plain.
            Long request = kind == 0 ? null : (long) (i / 3) * 1_000_003L;
            Integer token = kind == 1 ? null : random.nextInt(5_000);
            String phase = kind == 2 ? null : withNulls ? phases[random.nextInt(phases.length)] : phases[i % 2];
            Integer layer = kind == 3 ? null : random.nextInt(48);
            int k = 1 + random.nextInt(withNulls ? 9 : 4);
            Integer[] experts = new Integer[k];
            Float[] gates = new Float[k];
            for (int j = 0; j < k; j++) {
                experts[j] = random.nextInt(256);
                gates[j] = random.nextFloat();
            }
            if (kind == 4) {
                experts = null;
            } else if (kind == 5) {
                experts = new Integer[0];
            } else if (kind == 6) {
                experts[random.nextInt(k)] = null;
            } else if (kind == 7) {
                gates = random.nextBoolean() ? null : new Float[0];
            } else if (kind == 8) {
                gates[random.nextInt(k)] = null;
            }
            rows.add(new Row(request, token, phase, layer, experts, withNulls ? gates : null));
        }
        return rows;
    }

    private static void write(Path file, MessageType schema, List<Row> rows, WriterVersion version,
            boolean dictionary, int pageRows, CompressionCodecName codec) throws IOException {
        SimpleGroupFactory groups = new SimpleGroupFactory(schema);
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(file))
                .withType(schema)
                .withWriterVersion(version)
                .withDictionaryEncoding(dictionary)
                .withDictionaryPageSize(512)
                .withPageRowCountLimit(pageRows)
                .withPageSize(4096)
                .withRowGroupSize(64L * 1024)
                .withCompressionCodec(codec)
                .build()) {
            for (Row row : rows) {
                Group group = groups.newGroup();
                if (row.request() != null) {
                    group.append("request_id", row.request());
                }
                if (row.token() != null) {
                    group.append("token_index", row.token());
                }
                if (row.phase() != null) {
                    group.append("phase", row.phase());
                }
                if (row.layer() != null) {
                    group.append("layer", row.layer());
                }
                if (row.experts() != null) {
                    Group list = group.addGroup("experts");
                    for (Integer expert : row.experts()) {
                        Group element = list.addGroup("list");
                        if (expert != null) {
                            element.append("element", expert);
                        }
                    }
                }
                if (row.gates() != null) {
                    Group list = group.addGroup("gate_weights");
                    for (Float gate : row.gates()) {
                        Group element = list.addGroup("list");
                        if (gate != null) {
                            element.append("element", gate);
                        }
                    }
                }
                writer.write(group);
            }
        }
    }

    /** What the reader must report for each row, by the rules in ParquetRoutingReader's Javadoc. */
    private static List<String> expected(List<Row> rows, boolean hasGates) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            long rowNumber = i + 1;
            int k = listCount(row.experts());
            int g = hasGates ? listCount(row.gates()) : 0;
            if (row.request() == null || row.token() == null || row.phase() == null || row.layer() == null) {
                out.add(rowNumber + " reject [] a required field (request_id, token_index, phase, layer) is null");
            } else if (k < 0) {
                out.add(rowNumber + " reject [experts] an expert id in the list is null");
            } else if (g < 0) {
                out.add(rowNumber + " reject [gate_weights] a gate weight is null");
            } else {
                String phase = row.phase().toLowerCase(Locale.ROOT);
                if (!phase.equals("prefill") && !phase.equals("decode")) {
                    out.add(rowNumber + " reject [phase] phase '" + row.phase() + "' is not one of prefill, decode");
                } else {
                    out.add(decision(rowNumber, row.request(), row.token(), Phase.parse(phase), row.layer(),
                            Arrays.copyOf(row.experts() == null ? new Integer[0] : row.experts(), k),
                            Arrays.copyOf(row.gates() == null ? new Float[0] : row.gates(), g)));
                }
            }
        }
        return out;
    }

    /** Values in a list; 0 for a null or empty list; -1 for a null element among several entries. */
    private static int listCount(Object[] list) {
        if (list == null || list.length == 0) {
            return 0;
        }
        long values = Arrays.stream(list).filter(v -> v != null).count();
        return list.length > 1 && values != list.length ? -1 : (int) values;
    }

    private static String decision(long row, long request, int token, Phase phase, int layer,
            Object[] experts, Object[] gates) {
        return row + " decision " + request + "/" + token + "/" + phase + "/" + layer + " "
                + Arrays.toString(experts) + " " + Arrays.toString(gates);
    }

    private static List<String> read(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        long rows = RoutingTraceReader.of(RoutingFormat.PARQUET).read(new LocalTraceFile(file), new RoutingVisitor() {
            @Override
            public void decision(long row, long requestId, int tokenIndex, Phase phase, int layer,
                    int[] experts, int k, float[] gateWeights, int gates) {
                Integer[] e = new Integer[k];
                for (int i = 0; i < k; i++) {
                    e[i] = experts[i];
                }
                Float[] g = new Float[gates];
                for (int i = 0; i < gates; i++) {
                    g[i] = gateWeights[i];
                }
                out.add(RoutingParquetLayoutsTest.decision(row, requestId, tokenIndex, phase, layer, e, g));
            }

            @Override
            public void load(long row, long startMicros, int layer, int expert, long tokens) {
                throw new AssertionError("a routing table has no load rows");
            }

            @Override
            public void reject(Reject reject) {
                out.add(reject.row() + " reject [" + reject.field() + "] " + reject.reason());
            }
        });
        assertThat(rows).isEqualTo(out.size());
        return out;
    }
}
