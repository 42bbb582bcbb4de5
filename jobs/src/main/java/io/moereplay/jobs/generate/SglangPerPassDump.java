package io.moereplay.jobs.generate;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * One rank's SGLang expert distribution recorder dump in {@code per_pass} mode, written as
 * {@code torch.save} writes it (a zip of stored entries: {@code data.pkl}, {@code byteorder},
 * {@code data/N}, {@code version}): {@code {records: [{forward_pass_id, rank, gatherer_key:
 * "primary", global_physical_count: int32 [layers, slots]}], last_physical_to_logical_map: int64
 * [layers, slots]}} with the identity map (no redundant slots). The passes are held until
 * {@link #close}: {@code data.pkl} must be the archive's first entry, as torch.save writes it and
 * as format detection reads it, and it lists every pass.
 */
final class SglangPerPassDump implements AutoCloseable {

    private final String archive;
    private final ZipOutputStream zip;
    private final int layers;
    private final int slots;
    private final int rank;
    private final List<int[]> counts = new ArrayList<>();
    private final List<Object> records = new ArrayList<>();

    /**
     * @param file {@code expert_distribution_recorder_{time}_{rank}.pt}
     * @param layers every decoder layer of the model, dense ones included (their rows stay zero)
     */
    SglangPerPassDump(Path file, int layers, int slots, int rank) throws IOException {
        String name = file.getFileName().toString();
        this.archive = name.endsWith(".pt") ? name.substring(0, name.length() - 3) : name;
        this.zip = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 20));
        this.layers = layers;
        this.slots = slots;
        this.rank = rank;
    }

    /** Appends one forward pass; {@code counts} is {@code [layer * slots + slot]}, tokens per slot. */
    void pass(long forwardPassId, int[] counts) throws IOException {
        if (counts.length != layers * slots) {
            throw new IllegalArgumentException("a pass holds " + counts.length + " counts; the dump is "
                    + layers + " x " + slots);
        }
        String key = Integer.toString(records.size());
        this.counts.add(counts.clone());
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("forward_pass_id", forwardPassId);
        record.put("rank", rank);
        record.put("gatherer_key", "primary");
        record.put("global_physical_count", new TorchPickle.Tensor(key, "IntStorage", new int[] {layers, slots}));
        records.add(record);
    }

    /** Passes appended so far. */
    int passes() {
        return records.size();
    }

    @Override
    public void close() throws IOException {
        try (OutputStream closing = zip) {
            String mapKey = Integer.toString(records.size());
            ByteBuffer map = ByteBuffer.allocate(layers * slots * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (int layer = 0; layer < layers; layer++) {
                for (int slot = 0; slot < slots; slot++) {
                    map.putLong(slot);
                }
            }
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("records", records);
            root.put("last_physical_to_logical_map", new TorchPickle.Tensor(mapKey, "LongStorage", new int[] {layers, slots}));
            stored("data.pkl", TorchPickle.of(root));
            stored("byteorder", "little".getBytes(StandardCharsets.US_ASCII));
            ByteBuffer pass = ByteBuffer.allocate(layers * slots * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < counts.size(); i++) {
                pass.clear();
                pass.asIntBuffer().put(counts.get(i));
                stored("data/" + i, pass.array());
            }
            stored("data/" + mapKey, map.array());
            stored("version", "3\n".getBytes(StandardCharsets.US_ASCII));
        }
    }

    private void stored(String name, byte[] bytes) throws IOException {
        ZipEntry entry = new ZipEntry(archive + "/" + name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(bytes.length);
        entry.setCompressedSize(bytes.length);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        entry.setCrc(crc.getValue());
        // A fixed time: the same options give the same bytes.
        entry.setTime(0);
        zip.putNextEntry(entry);
        zip.write(bytes);
        zip.closeEntry();
    }
}
