package io.moereplay.connectors.engines;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moereplay.connectors.io.TraceFile;
import io.moereplay.connectors.io.TraceFiles;
import io.moereplay.connectors.io.TraceFormatException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A safetensors file (huggingface/safetensors, {@code docs/source/index.mdx}): an 8-byte
 * little-endian header length N, N bytes of JSON {@code {name: {dtype, shape, data_offsets:
 * [begin, end]}, "__metadata__": {string: string}}}, then the tensors' raw little-endian bytes,
 * offsets counted from the end of the header.
 *
 * <p>The header is checked whole when the file is opened (lengths, dtypes, offsets inside the
 * file, no overlaps), so a truncated or foreign file fails before any tensor is read; tensors are
 * then streamed in file order, one buffer at a time, from any file system.
 */
public final class SafetensorsFile {

    /** The safetensors library refuses headers over 100 MB; so does this reader. */
    private static final long MAX_HEADER_BYTES = 100_000_000L;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The element types safetensors names, with their widths. */
    public enum Dtype {
        BOOL(1, false), U8(1, true), I8(1, true), F8_E4M3(1, false), F8_E5M2(1, false),
        U16(2, true), I16(2, true), F16(2, false), BF16(2, false),
        U32(4, true), I32(4, true), F32(4, false),
        U64(8, true), I64(8, true), F64(8, false);

        private final int bytes;
        private final boolean integer;

        Dtype(int bytes, boolean integer) {
            this.bytes = bytes;
            this.integer = integer;
        }

        public boolean isInteger() {
            return integer;
        }

        /** Element {@code index} of an integer tensor's little-endian data (U64 above 2^63 comes out negative). */
        public long integerAt(ByteBuffer data, int index) {
            return switch (this) {
                case U8 -> data.get(index) & 0xFFL;
                case I8 -> data.get(index);
                case U16 -> data.getShort(2 * index) & 0xFFFFL;
                case I16 -> data.getShort(2 * index);
                case U32 -> data.getInt(4 * index) & 0xFFFF_FFFFL;
                case I32 -> data.getInt(4 * index);
                case U64, I64 -> data.getLong(8 * index);
                default -> throw new IllegalStateException(this + " is not an integer dtype");
            };
        }
    }

    /** One tensor's header entry; {@code begin} and {@code end} count from the end of the header. */
    public record Tensor(String name, Dtype dtype, long[] shape, long begin, long end) {

        public long elements() {
            return Arrays.stream(shape).reduce(1, Math::multiplyExact);
        }

        @Override
        public String toString() {
            return "'" + name + "' " + dtype + Arrays.toString(shape);
        }
    }

    /** Receives each tensor with its data, a little-endian buffer valid only during the call. */
    @FunctionalInterface
    public interface TensorVisitor {
        void tensor(Tensor tensor, ByteBuffer data) throws IOException;
    }

    private final TraceFile file;
    private final long dataStart;
    private final List<Tensor> tensors;
    private final Map<String, String> metadata;

    private SafetensorsFile(TraceFile file, long dataStart, List<Tensor> tensors, Map<String, String> metadata) {
        this.file = file;
        this.dataStart = dataStart;
        this.tensors = tensors;
        this.metadata = metadata;
    }

    /**
     * Reads and checks the header.
     *
     * @param expected what the file should hold, for messages
     * @throws TraceFormatException naming the file when it is missing, empty, truncated or not safetensors
     */
    public static SafetensorsFile open(TraceFile file, String expected) throws IOException {
        TraceFiles.requireNonEmpty(file, expected);
        long length = file.length();
        byte[] header;
        try (InputStream in = file.open()) {
            byte[] prefix = in.readNBytes(8);
            if (prefix.length < 8) {
                throw bad(file, "is " + length + " bytes, shorter than the 8-byte header length (truncated)", expected);
            }
            long headerLength = ByteBuffer.wrap(prefix).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (headerLength <= 0 || headerLength > MAX_HEADER_BYTES || 8 + headerLength > length) {
                throw bad(file, "header length " + headerLength + " runs past the end of the " + length
                        + "-byte file (truncated, or not a safetensors file)", expected);
            }
            header = in.readNBytes((int) headerLength);
        }
        long dataStart = 8 + header.length;
        return parseHeader(file, header, dataStart, length - dataStart, expected);
    }

    private static SafetensorsFile parseHeader(TraceFile file, byte[] header, long dataStart, long dataLength,
            String expected) {
        JsonNode root;
        try {
            root = JSON.readTree(header);
        } catch (IOException e) {
            String why = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
            throw bad(file, "header is not JSON (" + why + ")", expected);
        }
        if (root == null || !root.isObject()) {
            throw bad(file, "header is not a JSON object", expected);
        }
        List<Tensor> tensors = new ArrayList<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (entry.getKey().equals("__metadata__")) {
                entry.getValue().fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
            } else {
                tensors.add(tensor(file, entry.getKey(), entry.getValue(), dataLength, expected));
            }
        }
        tensors.sort(Comparator.comparingLong(Tensor::begin));
        for (int i = 1; i < tensors.size(); i++) {
            if (tensors.get(i).begin() < tensors.get(i - 1).end()) {
                throw bad(file, "tensors " + tensors.get(i - 1) + " and " + tensors.get(i) + " overlap", expected);
            }
        }
        return new SafetensorsFile(file, dataStart, List.copyOf(tensors), Map.copyOf(metadata));
    }

    private static Tensor tensor(TraceFile file, String name, JsonNode entry, long dataLength, String expected) {
        String where = "tensor '" + name + "'";
        Dtype dtype;
        try {
            dtype = Dtype.valueOf(entry.path("dtype").asText());
        } catch (IllegalArgumentException e) {
            throw bad(file, where + " has dtype " + entry.get("dtype") + ", which safetensors does not define", expected);
        }
        JsonNode shapeNode = entry.path("shape");
        JsonNode offsets = entry.path("data_offsets");
        if (!shapeNode.isArray() || !offsets.isArray() || offsets.size() != 2
                || !offsets.get(0).canConvertToLong() || !offsets.get(1).canConvertToLong()) {
            throw bad(file, where + " lacks a shape list or a [begin, end] data_offsets pair", expected);
        }
        long[] shape = new long[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeNode.get(i).canConvertToLong() ? shapeNode.get(i).longValue() : -1;
            if (shape[i] < 0) {
                throw bad(file, where + " has shape " + shapeNode + ", not a list of sizes", expected);
            }
        }
        long begin = offsets.get(0).longValue();
        long end = offsets.get(1).longValue();
        Tensor tensor = new Tensor(name, dtype, shape, begin, end);
        if (begin < 0 || end < begin || end > dataLength) {
            throw bad(file, where + " data_offsets [" + begin + ", " + end + "] run past the " + dataLength
                    + " data bytes (truncated)", expected);
        }
        if (end - begin != tensor.elements() * dtype.bytes) {
            throw bad(file, where + " spans " + (end - begin) + " bytes but " + tensor + " needs "
                    + tensor.elements() * dtype.bytes, expected);
        }
        return tensor;
    }

    private static TraceFormatException bad(TraceFile file, String problem, String expected) {
        return new TraceFormatException(file.name(), problem + "; expected " + expected);
    }

    /** The tensors in file order. */
    public List<Tensor> tensors() {
        return tensors;
    }

    /** The header's {@code __metadata__} strings. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** Streams every tensor's data, in file order, to the visitor. */
    public void forEachTensor(TensorVisitor visitor) throws IOException {
        try (InputStream in = file.open()) {
            in.skipNBytes(dataStart);
            long position = 0;
            for (Tensor tensor : tensors) {
                in.skipNBytes(tensor.begin() - position);
                byte[] bytes = in.readNBytes(Math.toIntExact(tensor.end() - tensor.begin()));
                if (bytes.length < tensor.end() - tensor.begin()) {
                    throw new TraceFormatException(file.name(), "ends inside tensor " + tensor + " (truncated)");
                }
                position = tensor.end();
                visitor.tensor(tensor, ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN));
            }
        }
    }

    @Override
    public String toString() {
        return file.name() + " (" + tensors.size() + " tensors)";
    }
}
