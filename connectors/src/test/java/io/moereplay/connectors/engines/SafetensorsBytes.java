package io.moereplay.connectors.engines;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the safetensors format from Java for tests: tensors laid out in the order given (the
 * library sorts them by name; tests may not), little-endian, header padded with spaces to 8 bytes
 * as the library does.
 */
final class SafetensorsBytes {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One tensor: its dtype name, shape and raw little-endian bytes. */
    record Entry(String name, String dtype, long[] shape, byte[] data) {}

    private SafetensorsBytes() {}

    static Entry i64(String name, long... values) {
        ByteBuffer data = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long value : values) {
            data.putLong(value);
        }
        return new Entry(name, "I64", new long[] {values.length}, data.array());
    }

    static Entry i32(String name, int... values) {
        ByteBuffer data = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int value : values) {
            data.putInt(value);
        }
        return new Entry(name, "I32", new long[] {values.length}, data.array());
    }

    static Entry f32(String name, float... values) {
        ByteBuffer data = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            data.putFloat(value);
        }
        return new Entry(name, "F32", new long[] {values.length}, data.array());
    }

    /** The whole file. */
    static byte[] file(Map<String, String> metadata, List<Entry> entries) throws Exception {
        Map<String, Object> header = new LinkedHashMap<>();
        if (!metadata.isEmpty()) {
            header.put("__metadata__", metadata);
        }
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (Entry entry : entries) {
            header.put(entry.name(), Map.of("dtype", entry.dtype(), "shape", entry.shape(),
                    "data_offsets", new long[] {data.size(), data.size() + entry.data().length}));
            data.write(entry.data());
        }
        return withHeader(JSON.writeValueAsString(header), data.toByteArray());
    }

    static byte[] file(Entry... entries) throws Exception {
        return file(Map.of(), List.of(entries));
    }

    /** A header of any text, padded to 8 bytes, followed by the data. */
    static byte[] withHeader(String header, byte[] data) {
        StringBuilder padded = new StringBuilder(header);
        while (padded.length() % 8 != 0) {
            padded.append(' ');
        }
        byte[] json = padded.toString().getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + json.length + data.length).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(json.length).put(json).put(data).array();
    }
}
