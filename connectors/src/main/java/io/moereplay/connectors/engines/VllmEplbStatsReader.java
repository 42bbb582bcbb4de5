package io.moereplay.connectors.engines;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.moereplay.connectors.engines.EplbStatsLayout.StatsRecord;
import io.moereplay.connectors.io.TextLines;
import io.moereplay.connectors.io.TraceFile;
import io.moereplay.connectors.io.TraceFiles;
import io.moereplay.connectors.io.TraceFormatException;
import io.moereplay.connectors.routing.RoutingFormat;
import io.moereplay.connectors.routing.RoutingTraceReader;
import io.moereplay.connectors.routing.RoutingVisitor;
import io.moereplay.model.trace.Reject;
import io.moereplay.model.trace.TraceShape;

import java.io.IOException;
import java.util.Optional;

/**
 * vLLM's offline EPLB load statistics ({@code --eplb-config '{"expert_load_stats_path": ...}'}),
 * from vLLM PR 41141, which is open and not final. Confirmed against vllm-project/vllm's
 * {@code tools/eplb/generate_static_mapping.py} at commit 63727bfc (the PR's reader: records
 * filtered by {@code record_type}, {@code expert_load} and {@code p2l_map} of equal [L][P] shape,
 * loads scattered onto logical experts by the map) and the PR's later tests, which add a first
 * {@code eplb_load_meta} record {@code {version, model, num_ranks, num_groups, num_nodes,
 * num_layers, num_redundant_experts}} and drop {@code num_ranks} from the statistics records.
 * Records: {@code {"record_type": "eplb_load_stats", "version": 1, "step", "num_ranks",
 * "expert_load": [L][P], "p2l_map": [L][P]}}, the load of each physical slot all-reduced over the
 * EP ranks, and the physical-to-logical map in force at that step. Layers are vLLM's MoE-layer
 * indexes 0..L-1 (EPLB numbers only the MoE layers).
 *
 * <p>A row is one non-zero (step, layer, logical expert) count, the loads of that expert's replicas
 * summed through the record's own map; its row number is the record's line. Each record's rows
 * follow {@code pass(step)}. A record read as one rejected row: any other {@code record_type}
 * ({@code eplb_initial_mapping}, the benchmark scripts' markers) and a statistics record whose
 * fields are missing or disagree (layer counts of {@code expert_load} and {@code p2l_map}, a layer
 * count or logical expert outside the file's, a map entry outside [0, P), a negative load). The
 * header is not a row. A record of a version other than 1 fails the file.
 */
public final class VllmEplbStatsReader implements RoutingTraceReader {

    private static final RoutingFormat FORMAT = RoutingFormat.VLLM_EPLB_STATS;

    @Override
    public long read(TraceFile file, RoutingVisitor visitor) throws IOException {
        RecordEmitter emitter = new RecordEmitter(file.name(), visitor);
        long rows = JsonlRecords.read(file, FORMAT, visitor, emitter::read);
        if (emitter.statsRecords == 0) {
            throw new TraceFormatException(file.name(), "holds no " + EplbStatsLayout.STATS + " record; expected "
                    + FORMAT.expected());
        }
        return rows;
    }

    /** Layers 0..L-1 and the logical experts, from the header and the first usable statistics record. */
    @Override
    public Optional<TraceShape> declaredShape(TraceFile file) throws IOException {
        TraceFiles.requireNonEmpty(file, FORMAT.expected());
        EplbStatsLayout layout = new EplbStatsLayout(file.name());
        try (TextLines lines = TextLines.open(file)) {
            for (String text = lines.next(); text != null; text = lines.next()) {
                JsonNode record = parseOrNull(text);
                String type = record == null ? "" : record.path("record_type").asText();
                try {
                    if (type.equals(EplbStatsLayout.META)) {
                        layout.requireKnownVersion(lines.lineNumber(), record);
                        layout.header(record);
                    } else if (type.equals(EplbStatsLayout.STATS)) {
                        layout.requireKnownVersion(lines.lineNumber(), record);
                        layout.parse(record);
                        return Optional.of(layout.shape());
                    }
                } catch (BadRecord bad) {
                    // read() rejects this record; the shape comes from the next usable one.
                }
            }
        }
        throw new TraceFormatException(file.name(), "holds no usable " + EplbStatsLayout.STATS + " record; expected "
                + FORMAT.expected());
    }

    private static JsonNode parseOrNull(String text) {
        try {
            JsonNode record = JsonlRecords.JSON.readTree(text);
            return record != null && record.isObject() ? record : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** Emits one record at a time, keeping the file's layout and the current step. */
    private static final class RecordEmitter {
        private final String fileName;
        private final RoutingVisitor visitor;
        private final EplbStatsLayout layout;
        private long step = -1;
        long statsRecords;

        RecordEmitter(String fileName, RoutingVisitor visitor) {
            this.fileName = fileName;
            this.visitor = visitor;
            this.layout = new EplbStatsLayout(fileName);
        }

        long read(long line, JsonNode record) {
            String type = record.path("record_type").asText();
            try {
                if (type.equals(EplbStatsLayout.META)) {
                    layout.requireKnownVersion(line, record);
                    layout.header(record);
                    return 0;
                }
                if (!type.equals(EplbStatsLayout.STATS)) {
                    throw new BadRecord("record_type", "record_type '" + type + "' carries no expert loads; only "
                            + EplbStatsLayout.STATS + " records are counted");
                }
                statsRecords++;
                layout.requireKnownVersion(line, record);
                return emit(line, layout.parse(record));
            } catch (BadRecord bad) {
                visitor.reject(new Reject(fileName, line, bad.field, bad.getMessage()));
                return 1;
            }
        }

        private long emit(long line, StatsRecord record) {
            if (record.step() != step) {
                step = record.step();
                visitor.pass(step);
            }
            long rows = 0;
            long[][] load = record.logicalLoad();
            for (int layer = 0; layer < load.length; layer++) {
                for (int expert = 0; expert < load[layer].length; expert++) {
                    if (load[layer][expert] != 0) {
                        rows++;
                        visitor.load(line, RoutingVisitor.UNTIMED, layer, expert, load[layer][expert]);
                    }
                }
            }
            return rows;
        }
    }
}
