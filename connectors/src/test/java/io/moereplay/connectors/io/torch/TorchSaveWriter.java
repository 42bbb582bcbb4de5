package io.moereplay.connectors.io.torch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes files laid out as {@code torch.save} lays them out (PyTorch 2.x, pickle protocol 2): a zip
 * of stored entries {@code <archive>/data.pkl}, {@code <archive>/byteorder}, {@code
 * <archive>/data/<key>} and {@code <archive>/version}; tensors pickled as {@code
 * torch._utils._rebuild_tensor_v2(persistent storage id, offset, size, stride, False, OrderedDict())}.
 * For tests of layouts the real fixtures do not cover (views, int16, big endian) and for large
 * generated inputs. Values: Map, List, Integer, Long, Double, String, Boolean, null, {@link Tensor}.
 */
public final class TorchSaveWriter {

    /** A tensor to save: its storage's elements and where in them it lies. */
    public record Tensor(String storageClass, int elementBytes, long[] storage, long offset, int[] shape,
            long[] strides) {

        /** A contiguous int32 tensor. */
        public static Tensor int32(int[] shape, long... data) {
            return contiguous("IntStorage", 4, shape, data);
        }

        /** A contiguous int64 tensor. */
        public static Tensor int64(int[] shape, long... data) {
            return contiguous("LongStorage", 8, shape, data);
        }

        /** A contiguous int16 tensor. */
        public static Tensor int16(int[] shape, long... data) {
            return contiguous("ShortStorage", 2, shape, data);
        }

        /** A contiguous float32 tensor holding the values. */
        public static Tensor float32(int[] shape, long... data) {
            return contiguous("FloatStorage", 4, shape, data);
        }

        static Tensor contiguous(String storageClass, int bytes, int[] shape, long[] data) {
            long[] strides = new long[shape.length];
            long stride = 1;
            for (int d = shape.length - 1; d >= 0; d--) {
                strides[d] = stride;
                stride *= shape[d];
            }
            return new Tensor(storageClass, bytes, data, 0, shape, strides);
        }
    }

    private final ByteOrder order;
    private final ByteArrayOutputStream pickle = new ByteArrayOutputStream();
    private final List<Tensor> storages = new ArrayList<>();

    private TorchSaveWriter(ByteOrder order) {
        this.order = order;
    }

    /** Saves {@code root} little endian, as torch does on every machine it runs on today. */
    public static Path save(Path file, Object root) throws IOException {
        return save(file, root, ByteOrder.LITTLE_ENDIAN, true);
    }

    /**
     * @param byteOrderRecord whether to write {@code byteorder} (torch before 2.1 did not)
     */
    public static Path save(Path file, Object root, ByteOrder order, boolean byteOrderRecord) throws IOException {
        TorchSaveWriter writer = new TorchSaveWriter(order);
        writer.pickle.write(new byte[] {(byte) 0x80, 2});
        writer.value(root);
        writer.pickle.write('.');
        String archive = file.getFileName().toString().replaceFirst("\\.pt$", "");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            stored(zip, archive + "/data.pkl", writer.pickle.toByteArray());
            if (byteOrderRecord) {
                stored(zip, archive + "/byteorder", (order == ByteOrder.BIG_ENDIAN ? "big" : "little")
                        .getBytes(StandardCharsets.US_ASCII));
            }
            for (int key = 0; key < writer.storages.size(); key++) {
                stored(zip, archive + "/data/" + key, writer.storageBytes(writer.storages.get(key)));
            }
            stored(zip, archive + "/version", "3\n".getBytes(StandardCharsets.US_ASCII));
        }
        return file;
    }

    private void value(Object value) throws IOException {
        if (value == null) {
            pickle.write('N');
        } else if (value instanceof Boolean bool) {
            pickle.write(bool ? 0x88 : 0x89);
        } else if (value instanceof Integer || value instanceof Long) {
            integer(((Number) value).longValue());
        } else if (value instanceof Double number) {
            pickle.write('G');
            pickle.write(ByteBuffer.allocate(8).putDouble(number).array());
        } else if (value instanceof String text) {
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            pickle.write('X');
            pickle.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(utf8.length).array());
            pickle.write(utf8);
        } else if (value instanceof List<?> list) {
            pickle.write(']');
            pickle.write('(');
            for (Object item : list) {
                value(item);
            }
            pickle.write('e');
        } else if (value instanceof Map<?, ?> map) {
            pickle.write('}');
            pickle.write('(');
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                value(entry.getKey());
                value(entry.getValue());
            }
            pickle.write('u');
        } else if (value instanceof Tensor tensor) {
            tensor(tensor);
        } else {
            throw new IllegalArgumentException("cannot pickle " + value);
        }
    }

    private void tensor(Tensor tensor) throws IOException {
        global("torch._utils", "_rebuild_tensor_v2");
        pickle.write('(');
        // The persistent id torch.save's persistent_id returns for a storage.
        pickle.write('(');
        value("storage");
        global("torch", tensor.storageClass());
        value(String.valueOf(storages.size()));
        value("cpu");
        integer(tensor.storage().length);
        pickle.write('t');
        pickle.write('Q');
        storages.add(tensor);
        integer(tensor.offset());
        tuple(tensor.shape().length, d -> tensor.shape()[d]);
        tuple(tensor.strides().length, d -> tensor.strides()[d]);
        pickle.write(0x89);
        global("collections", "OrderedDict");
        pickle.write(')');
        pickle.write('R');
        pickle.write('t');
        pickle.write('R');
    }

    private void tuple(int length, java.util.function.IntToLongFunction element) throws IOException {
        pickle.write('(');
        for (int i = 0; i < length; i++) {
            integer(element.applyAsLong(i));
        }
        pickle.write('t');
    }

    private void global(String module, String name) throws IOException {
        pickle.write('c');
        pickle.write((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    private void integer(long value) throws IOException {
        if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
            pickle.write('J');
            pickle.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) value).array());
        } else {
            pickle.write(0x8a);
            pickle.write(8);
            pickle.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array());
        }
    }

    private byte[] storageBytes(Tensor tensor) {
        ByteBuffer bytes = ByteBuffer.allocate(tensor.storage().length * tensor.elementBytes()).order(order);
        for (long element : tensor.storage()) {
            switch (tensor.storageClass()) {
                case "LongStorage" -> bytes.putLong(element);
                case "IntStorage" -> bytes.putInt((int) element);
                case "ShortStorage" -> bytes.putShort((short) element);
                case "FloatStorage" -> bytes.putFloat(element);
                default -> throw new IllegalArgumentException(tensor.storageClass());
            }
        }
        return bytes.array();
    }

    private static void stored(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write(data);
        zip.closeEntry();
    }

    /** Writes the given bytes, for archives cut short. */
    static void writePrefix(Path from, Path to, long bytes) throws IOException {
        try (OutputStream out = Files.newOutputStream(to)) {
            out.write(Files.readAllBytes(from), 0, (int) bytes);
        }
    }
}
