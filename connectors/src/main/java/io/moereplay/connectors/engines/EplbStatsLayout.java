package io.moereplay.connectors.engines;

import com.fasterxml.jackson.databind.JsonNode;
import io.moereplay.connectors.io.TraceFormatException;
import io.moereplay.model.trace.TraceShape;

/**
 * The layers, physical slots and logical experts of one vLLM EPLB statistics file, fixed by its
 * {@code eplb_load_meta} header when it has one and by its first usable {@code eplb_load_stats}
 * record otherwise, and the check of every record against them.
 *
 * <p>Logical experts: {@code P - num_redundant_experts} when the header names the redundant
 * count, else {@code max(p2l_map) + 1} of the first record (vLLM gives every logical expert at
 * least one slot, as {@code tools/eplb/generate_static_mapping.py} assumes).
 */
final class EplbStatsLayout {

    static final String STATS = "eplb_load_stats";
    static final String META = "eplb_load_meta";
    private static final int KNOWN_VERSION = 1;

    /** One statistics record: per-layer loads already summed from physical slots to logical experts. */
    record StatsRecord(long step, long[][] logicalLoad) {}

    private final String fileName;
    private int layers = -1;
    private int redundant = -1;
    private int experts = -1;

    EplbStatsLayout(String fileName) {
        this.fileName = fileName;
    }

    /** Checks a record's version, failing the whole file on one this reader does not know. */
    void requireKnownVersion(long line, JsonNode record) {
        JsonNode version = record.get("version");
        if (version == null || !version.isIntegralNumber() || version.intValue() != KNOWN_VERSION) {
            throw new TraceFormatException(fileName, "line " + line + ": " + record.path("record_type").asText()
                    + " record version " + version + " is not read; this reader knows version " + KNOWN_VERSION
                    + " of vLLM's EPLB statistics (PR 41141, not final): update moe-replay or convert the file");
        }
    }

    /** Takes what an {@code eplb_load_meta} header says about the records that follow. */
    void header(JsonNode meta) throws BadRecord {
        if (meta.has("num_layers")) {
            layers = JsonlRecords.nonNegativeInt(meta, "num_layers");
        }
        if (meta.has("num_redundant_experts")) {
            redundant = JsonlRecords.nonNegativeInt(meta, "num_redundant_experts");
        }
    }

    /** The shape fixed so far, once a record has fixed it. */
    TraceShape shape() {
        return TraceShape.dense(layers, experts);
    }

    boolean fixed() {
        return experts > 0;
    }

    /** Parses and checks one statistics record, fixing the layout on the first good one. */
    StatsRecord parse(JsonNode record) throws BadRecord {
        long step = JsonlRecords.boundedLong(record, "step", Long.MAX_VALUE);
        JsonNode load = matrix(record, "expert_load");
        JsonNode map = matrix(record, "p2l_map");
        if (load.size() != map.size()) {
            throw new BadRecord("p2l_map", "expert_load holds " + load.size() + " layers but p2l_map holds "
                    + map.size());
        }
        if (layers >= 0 && load.size() != layers) {
            throw new BadRecord("expert_load", "holds " + load.size() + " layers; the file's "
                    + (fixed() ? "first record holds " : "eplb_load_meta says ") + layers);
        }
        int slots = load.get(0).size();
        int maxLogical = -1;
        for (int l = 0; l < load.size(); l++) {
            if (load.get(l).size() != slots || map.get(l).size() != slots) {
                throw new BadRecord("p2l_map[" + l + "]", "layer " + l + " has " + load.get(l).size()
                        + " loads and " + map.get(l).size() + " map entries; layer 0 has " + slots + " slots");
            }
            for (int p = 0; p < slots; p++) {
                int logical = id(map, l, p, slots);
                maxLogical = Math.max(maxLogical, logical);
            }
        }
        int logicalExperts = fixed() ? experts : redundant >= 0 ? slots - redundant : maxLogical + 1;
        if (logicalExperts <= 0) {
            throw new BadRecord("p2l_map", slots + " physical slots leave no logical expert after the "
                    + redundant + " redundant ones eplb_load_meta names");
        }
        long[][] logicalLoad = new long[load.size()][logicalExperts];
        for (int l = 0; l < load.size(); l++) {
            for (int p = 0; p < slots; p++) {
                int logical = map.get(l).get(p).intValue();
                if (logical >= logicalExperts) {
                    throw new BadRecord("p2l_map[" + l + "][" + p + "]", "physical slot " + p + " maps to logical"
                            + " expert " + logical + ", outside the file's [0, " + logicalExperts + ")");
                }
                JsonNode tokens = load.get(l).get(p);
                if (!tokens.isIntegralNumber() || !tokens.canConvertToLong() || tokens.longValue() < 0) {
                    throw new BadRecord("expert_load[" + l + "][" + p + "]", "load " + tokens
                            + " is not a non-negative integer");
                }
                logicalLoad[l][logical] += tokens.longValue();
            }
        }
        layers = load.size();
        experts = logicalExperts;
        return new StatsRecord(step, logicalLoad);
    }

    private static JsonNode matrix(JsonNode record, String field) throws BadRecord {
        JsonNode value = record.get(field);
        if (value == null || !value.isArray() || value.isEmpty() || !value.get(0).isArray()
                || value.get(0).isEmpty()) {
            throw new BadRecord(field, field + " is not a non-empty [layers][physical slots] list");
        }
        for (JsonNode row : value) {
            if (!row.isArray()) {
                throw new BadRecord(field, field + " row " + row + " is not a list");
            }
        }
        return value;
    }

    private static int id(JsonNode map, int layer, int slot, int slots) throws BadRecord {
        JsonNode id = map.get(layer).get(slot);
        if (!id.isIntegralNumber() || !id.canConvertToInt() || id.intValue() < 0 || id.intValue() >= slots) {
            throw new BadRecord("p2l_map[" + layer + "][" + slot + "]", "physical slot " + slot + " maps to "
                    + id + ", not a logical expert id in [0, " + slots + ")");
        }
        return id.intValue();
    }
}
