package io.moereplay.connectors.engines;

import io.moereplay.connectors.io.TraceFile;
import io.moereplay.connectors.io.torch.IntegerTensor;
import io.moereplay.connectors.io.torch.TensorRef;
import io.moereplay.connectors.io.torch.TorchCheckpoint;
import io.moereplay.connectors.routing.RoutingFormat;
import io.moereplay.connectors.routing.RoutingTraceReader;
import io.moereplay.connectors.routing.RoutingVisitor;
import io.moereplay.model.trace.Reject;
import io.moereplay.model.trace.TraceShape;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * SGLang's expert distribution recorder dump in {@code per_pass} or {@code per_token} mode, one
 * file per rank, {@code expert_distribution_recorder_{time}_{rank}.pt}: a {@code torch.save}d dict
 * {@code {records, last_physical_to_logical_map}}. Each record is one forward pass on that rank,
 * {@code {forward_pass_id, rank, gatherer_key: "primary", global_physical_count: int32 [layers,
 * physical_slots]}}, and in {@code per_token} mode also {@code topk_ids_of_layer: int32 [layers,
 * tokens, 8]} (the physical slot each token chose, -1 padded), {@code input_ids}, {@code
 * positions}, {@code extend_seq_lens}, {@code forward_mode} and {@code misc_objects}. Confirmed
 * against sgl-project/sglang {@code python/sglang/srt/eplb/expert_distribution.py} at commit
 * 02295fe5 ({@code _DetailAccumulator}, {@code _DetailSinglePassGatherer}), the reference reader
 * {@code eplb/eplb_simulator/reader.py} at 5d2c83e6 and {@code eplb/expert_location.py} at 01fec5c2 (the map is
 * int64, built by {@code torch.arange}).
 *
 * <p>Slot counts are mapped to logical experts through {@code last_physical_to_logical_map},
 * replicas summed, as SGLang's own reader does. The map is the one in force when the dump was
 * written: passes recorded before an EPLB rebalance during the recording are mapped with it too.
 * Ranks are summed downstream, each rank's file being its own file; {@code forward_pass_id} is
 * the pass number ({@link RoutingVisitor#pass}) on every rank.
 *
 * <p>Layers are the model's decoder layer indexes {@code 0..layers-1} of the map, experts the
 * logical experts {@code 0..max(map)}. In {@code per_token} mode every record's
 * {@code global_physical_count} must equal what its {@code topk_ids_of_layer} chose (SGLang derives
 * the one from the other), and a slot id outside the map fails the file: either is a corrupt
 * dump, not a bad row.
 *
 * <p>A row is one non-zero (record, layer, logical expert) count, numbered from 1 in record, layer,
 * expert order; a count summed from a negative slot count is rejected with field
 * {@code records[i].global_physical_count}.
 */
public final class SglangPerPassReader implements RoutingTraceReader {

    private static final String EXPECTED = RoutingFormat.SGLANG_PER_PASS.expected();
    private static final String MAP = "last_physical_to_logical_map";
    private static final String COUNTS = "global_physical_count";
    private static final String TOPK = "topk_ids_of_layer";

    /** One forward pass's record, its tensors not read yet; {@code topk} is null in per_pass mode. */
    private record PassRecord(String where, long forwardPassId, TensorRef counts, TensorRef topk) {}

    private record Dump(SglangExpertMap map, List<PassRecord> records) {}

    @Override
    public long read(TraceFile file, RoutingVisitor visitor) throws IOException {
        SglangFields fields = new SglangFields(file.name(), EXPECTED);
        try (TorchCheckpoint checkpoint = TorchCheckpoint.open(file, EXPECTED)) {
            Dump dump = dump(checkpoint, fields);
            SglangExpertMap map = dump.map();
            long[] sums = new long[map.experts()];
            int[] negativeSlot = new int[map.experts()];
            long rows = 0;
            for (PassRecord record : dump.records()) {
                String countsField = record.where() + "." + COUNTS;
                IntegerTensor counts = checkpoint.integers(record.counts(), countsField);
                if (record.topk() != null) {
                    SglangTopkCheck.requireCountsMatch(checkpoint.integers(record.topk(), record.where() + "." + TOPK),
                            record.topk(), counts, map, record.where(), fields);
                }
                visitor.pass(record.forwardPassId());
                for (int layer = 0; layer < map.layers(); layer++) {
                    map.toLogical(counts, layer, sums, negativeSlot);
                    for (int expert = 0; expert < sums.length; expert++) {
                        if (sums[expert] == 0 && negativeSlot[expert] < 0) {
                            continue;
                        }
                        rows++;
                        if (negativeSlot[expert] >= 0) {
                            visitor.reject(new Reject(file.name(), rows, countsField, "slot " + negativeSlot[expert]
                                    + " of layer " + layer + ", a replica of expert " + expert
                                    + ", has a negative count"));
                        } else {
                            visitor.load(rows, RoutingVisitor.UNTIMED, layer, expert, sums[expert]);
                        }
                    }
                }
            }
            return rows;
        }
    }

    @Override
    public Optional<TraceShape> declaredShape(TraceFile file) throws IOException {
        try (TorchCheckpoint checkpoint = TorchCheckpoint.open(file, EXPECTED)) {
            SglangExpertMap map = dump(checkpoint, new SglangFields(file.name(), EXPECTED)).map();
            return Optional.of(TraceShape.dense(map.layers(), map.experts()));
        }
    }

    /** The map, read, and the records, checked against it without reading their tensors. */
    private static Dump dump(TorchCheckpoint checkpoint, SglangFields fields) throws IOException {
        Map<String, Object> root = fields.dict(checkpoint.root(), "the dump");
        TensorRef mapRef = fields.tensor(root, MAP, "", 2);
        SglangExpertMap map = SglangExpertMap.of(mapRef, checkpoint.integers(mapRef, MAP), MAP, fields);
        List<?> list = fields.list(root, "records", "");
        if (list.isEmpty()) {
            throw fields.refuse("records is empty: the recorder recorded no forward pass. Was"
                    + " /start_expert_distribution_record called before the traffic, and"
                    + " /stop_expert_distribution_record then /dump_expert_distribution_record after it?");
        }
        List<PassRecord> records = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            records.add(record(fields, list.get(i), "records[" + i + "]", mapRef));
        }
        return new Dump(map, records);
    }

    private static PassRecord record(SglangFields fields, Object value, String where, TensorRef map) {
        Map<String, Object> record = fields.dict(value, where);
        long forwardPassId = fields.integer(record, "forward_pass_id", where);
        Object gatherer = record.get("gatherer_key");
        if (gatherer != null && !"primary".equals(gatherer)) {
            // Only "primary" exists at 02295fe5; a second gatherer (two-batch overlap) would count passes twice.
            throw fields.refuse(where + ".gatherer_key is '" + gatherer + "'; only \"primary\" records are read");
        }
        TensorRef counts = fields.tensor(record, COUNTS, where, 2);
        if (counts.size(0) != map.size(0) || counts.size(1) != map.size(1)) {
            throw fields.refuse(where + "." + COUNTS + " is " + counts.shapeText() + " but " + MAP + " is "
                    + map.shapeText() + "; both are [layers, physical slots] of one server");
        }
        TensorRef topk = record.containsKey(TOPK) ? fields.tensor(record, TOPK, where, 3) : null;
        if (topk != null && topk.size(0) != map.size(0)) {
            throw fields.refuse(where + "." + TOPK + " is " + topk.shapeText() + " but " + MAP + " has "
                    + map.size(0) + " layers");
        }
        return new PassRecord(where, forwardPassId, counts, topk);
    }
}
