package io.moereplay.connectors.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moereplay.connectors.io.LocalTraceFile;
import io.moereplay.connectors.io.TraceFormatException;
import io.moereplay.connectors.parquet.Column;
import io.moereplay.connectors.parquet.ColumnType;
import io.moereplay.connectors.parquet.TableParquetWriters;
import io.moereplay.connectors.parquet.TableSchema;
import io.moereplay.model.trace.Phase;
import io.moereplay.model.trace.RoutingRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

class RoutingFormatTest {

    @TempDir Path dir;

    @Test
    void parsesLabelsLeniently() {
        assertThat(RoutingFormat.parse("token-jsonl")).isEqualTo(RoutingFormat.TOKEN_JSONL);
        assertThat(RoutingFormat.parse(" Capture_JSON ")).isEqualTo(RoutingFormat.CAPTURE_JSON);
        assertThat(RoutingFormat.parse("LOAD-COUNTS-JSON")).isEqualTo(RoutingFormat.LOAD_COUNTS_JSON);
        assertThat(RoutingFormat.parse("parquet")).isEqualTo(RoutingFormat.PARQUET);
        for (RoutingFormat format : RoutingFormat.values()) {
            assertThat(RoutingFormat.parse(format.label())).isEqualTo(format);
            assertThat(RoutingTraceReader.of(format)).isNotNull();
        }
    }

    @Test
    void refusesAnUnknownFormatName() {
        assertThatThrownBy(() -> RoutingFormat.parse("bogus"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("routing format 'bogus' is not one of token-jsonl, capture-json,"
                        + " load-counts-json, parquet, expert-load, sglang-stat, sglang-per-pass, routed-experts,"
                        + " trtllm-expert-stats, megatron-router-trace, vllm-eplb-stats");
        assertThatThrownBy(() -> RoutingFormat.parse(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("routing format 'null' is not one of");
    }

    @Test
    void detectsByExtensionAndJsonKey() throws Exception {
        assertThat(RoutingFormat.detect(write("a.jsonl", "{}\n"))).isEqualTo(RoutingFormat.TOKEN_JSONL);
        assertThat(RoutingFormat.detect(write("A.JSONL", "{}\n"))).isEqualTo(RoutingFormat.TOKEN_JSONL);
        assertThat(RoutingFormat.detect(write("c.json", "{\"layers\": 2, \"selections\": []}")))
                .isEqualTo(RoutingFormat.CAPTURE_JSON);
        assertThat(RoutingFormat.detect(write("l.json", "{\"expert_usage_by_layer\": {}}")))
                .isEqualTo(RoutingFormat.LOAD_COUNTS_JSON);
    }

    @Test
    void tellsRoutingParquetFromAReplaysExpertLoadByItsColumns() throws Exception {
        Path routing = dir.resolve("routing.parquet");
        try (var writer = TableParquetWriters.open(RoutingTable.SCHEMA, routing, Map.of())) {
            writer.write(new RoutingRecord(1, 0, Phase.DECODE, 0, new int[] {1}, new float[0]));
        }
        Path loads = dir.resolve("part-0.parquet");
        TableSchema<long[]> expertLoad = new TableSchema<>("expert_load", List.of(
                Column.required("window_start_us", ColumnType.INT64, "d", r -> r[0]),
                Column.required("decode_tokens", ColumnType.INT64, "d", r -> r[1]),
                Column.required("layer", ColumnType.INT32, "d", r -> (int) r[2]),
                Column.required("expert", ColumnType.INT32, "d", r -> (int) r[3]),
                Column.required("shared", ColumnType.BOOLEAN, "d", r -> r[4] != 0),
                Column.required("tokens", ColumnType.INT64, "d", r -> r[5])));
        try (var writer = TableParquetWriters.open(expertLoad, loads, Map.of())) {
            writer.write(new long[] {0, 4, 0, 1, 0, 8});
        }
        LocalTraceFile fake = write("fake.parquet", "PAR1");

        assertThat(RoutingFormat.detect(new LocalTraceFile(routing))).isEqualTo(RoutingFormat.PARQUET);
        assertThat(RoutingFormat.detect(new LocalTraceFile(loads))).isEqualTo(RoutingFormat.EXPERT_LOAD);
        assertThatThrownBy(() -> RoutingFormat.detect(fake))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageStartingWith(fake.name() + ": not a Parquet file, or one cut short");
    }

    @Test
    void detectsTheSharedTraces() throws Exception {
        assertThat(RoutingFormat.detect(SharedRoutingTraces.routing("switch_base8_router_trace.v2.json")))
                .isEqualTo(RoutingFormat.CAPTURE_JSON);
        assertThat(RoutingFormat.detect(
                SharedRoutingTraces.routing("switch_base128_expert_statistics_3d.json")))
                .isEqualTo(RoutingFormat.LOAD_COUNTS_JSON);
        LocalTraceFile eplb = SharedRoutingTraces.routing("eplb_readme_example.json");
        assertThatThrownBy(() -> RoutingFormat.detect(eplb))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageStartingWith(eplb.name() + ": ")
                .hasMessageContaining("JSON names neither \"selections\", \"expert_usage_by_layer\" nor"
                        + " \"num_experts_per_token\"");
    }

    @Test
    void refusesJsonWithNeitherKey() throws Exception {
        LocalTraceFile file = write("weights.json", "{\"weight\": [[1, 2], [3, 4]]}");

        assertThatThrownBy(() -> RoutingFormat.detect(file))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageStartingWith(file.name() + ": ")
                .hasMessageContaining("JSON names neither \"selections\", \"expert_usage_by_layer\" nor"
                        + " \"num_experts_per_token\"");
    }

    @Test
    void refusesAnUnknownExtension() throws Exception {
        LocalTraceFile csv = write("trace.csv", "request_id,layer\n1,0\n");
        LocalTraceFile bare = write("trace", "{}\n");

        assertThatThrownBy(() -> RoutingFormat.detect(csv))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageStartingWith(csv.name() + ": ")
                .hasMessageContaining("cannot tell the routing format from the extension")
                .hasMessageContaining("token-jsonl, capture-json, load-counts-json, parquet, expert-load, sglang-stat");
        assertThatThrownBy(() -> RoutingFormat.detect(bare))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageStartingWith(bare.name() + ": ")
                .hasMessageContaining("cannot tell the routing format from the extension");
    }

    @Test
    void refusesEmptyAndMissingFiles() throws Exception {
        LocalTraceFile empty = write("empty.json", "");
        LocalTraceFile missing = new LocalTraceFile(dir.resolve("absent.jsonl"));

        assertThatThrownBy(() -> RoutingFormat.detect(empty))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageStartingWith(empty.name() + ": ")
                .hasMessageContaining("file is empty");
        assertThatThrownBy(() -> RoutingFormat.detect(missing))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageStartingWith(missing.name() + ": ")
                .hasMessageContaining("no such file");
    }

    /** Engines' JSONL by their first record's keys, wherever in the line they stand; their .pt by the pickle. */
    @Test
    void detectsEngineDumpsByContent() throws Exception {
        String longText = "x".repeat(200_000);
        assertThat(RoutingFormat.detect(write("responses.jsonl", "{\"id\": \"cmpl-1\", \"text\": \"" + longText
                + "\", \"meta_info\": {\"routed_experts\": \"AAAA\"}}\n{\"id\": 2}\n")))
                .isEqualTo(RoutingFormat.ROUTED_EXPERTS);
        assertThat(RoutingFormat.detect(write("router_trace_rank0.jsonl", "{\"step\": 1, \"top_indices\": [[1, 2]]}\n")))
                .isEqualTo(RoutingFormat.MEGATRON_ROUTER_TRACE);
        assertThat(RoutingFormat.detect(write("stats.jsonl", "\n{\"record_type\": \"eplb_load_stats\"}\n")))
                .isEqualTo(RoutingFormat.VLLM_EPLB_STATS);
        assertThat(RoutingFormat.detect(write("tokens.jsonl", "{\"request_id\": 1}\n{\"routed_experts\": 1}\n")))
                .as("keys of a later line do not count").isEqualTo(RoutingFormat.TOKEN_JSONL);
        Path engines = Path.of("src/test/resources/engines");
        try (var stat = Files.list(engines.resolve("sglang-stat")); var perPass = Files.list(engines.resolve("sglang-per-pass"))) {
            assertThat(RoutingFormat.detect(new LocalTraceFile(stat.filter(f -> f.toString().endsWith(".pt")).findFirst().orElseThrow())))
                    .isEqualTo(RoutingFormat.SGLANG_STAT);
            assertThat(RoutingFormat.detect(new LocalTraceFile(perPass.filter(f -> f.toString().endsWith(".pt")).findFirst().orElseThrow())))
                    .isEqualTo(RoutingFormat.SGLANG_PER_PASS);
        }
        LocalTraceFile notZip = write("dump.pt", "not a zip at all");
        assertThatThrownBy(() -> RoutingFormat.detect(notZip))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageStartingWith(notZip.name() + ": is not a torch.save zip archive");
    }

    private LocalTraceFile write(String name, String text) throws Exception {
        return new LocalTraceFile(Files.writeString(dir.resolve(name), text));
    }
}
