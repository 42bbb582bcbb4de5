package io.moereplay.connectors.engines;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Routed experts returned as base64 bytes: SGLang's flat little-endian buffer (int32 by default,
 * uint16 or uint8 when {@code meta_info.routed_experts_dtype} says so), and newer vLLM's base64
 * {@code .npy} file, whose header gives the dtype and shape.
 */
final class PackedIds {

    private static final Pattern NPY_DESCR = Pattern.compile("'descr':\\s*'([<|=])([iu])([1248])'");
    private static final Pattern NPY_SHAPE = Pattern.compile("'shape':\\s*\\((\\d+),\\s*(\\d+),\\s*(\\d+),?\\)");

    private PackedIds() {}

    /** The values of an element type, for SGLang's {@code routed_experts_dtype}. */
    enum Dtype {
        INT8(1, true), UINT8(1, false), INT16(2, true), UINT16(2, false), INT32(4, true), UINT32(4, false),
        INT64(8, true);

        final int bytes;
        final boolean signed;

        Dtype(int bytes, boolean signed) {
            this.bytes = bytes;
            this.signed = signed;
        }

        /** SGLang's names: int32, uint16, uint8. */
        static Dtype ofName(String name, String field) throws BadRecord {
            for (Dtype dtype : values()) {
                if (dtype.name().equalsIgnoreCase(name.trim())) {
                    return dtype;
                }
            }
            throw new BadRecord(field, field + " '" + name + "' is not int32, uint16 or uint8");
        }
    }

    /** Decodes SGLang's flat buffer into every value, in order. */
    static int[] decodeFlat(String base64, Dtype dtype, String field) throws BadRecord {
        byte[] bytes = decodeBase64(base64, field);
        if (bytes.length % dtype.bytes != 0) {
            throw new BadRecord(field, field + " holds " + bytes.length + " bytes, not a whole number of "
                    + dtype.name().toLowerCase(Locale.ROOT) + " values (truncated?)");
        }
        return values(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN), bytes.length / dtype.bytes, dtype, field);
    }

    /** Decodes a base64 {@code .npy} of shape {@code (rows, layers, topK)}, C order, little-endian. */
    static ExpertIdBlock decodeNpy(String base64, String field) throws BadRecord {
        ByteBuffer npy = ByteBuffer.wrap(decodeBase64(base64, field)).order(ByteOrder.LITTLE_ENDIAN);
        if (npy.remaining() < 10 || npy.get() != (byte) 0x93 || npy.get() != 'N' || npy.get() != 'U'
                || npy.get() != 'M' || npy.get() != 'P' || npy.get() != 'Y') {
            throw new BadRecord(field, field + " is a string but not a base64 .npy array (no \\x93NUMPY magic)");
        }
        int major = npy.get();
        npy.get();
        int headerLength = major == 1 ? Short.toUnsignedInt(npy.getShort()) : npy.getInt();
        if (headerLength < 0 || headerLength > npy.remaining()) {
            throw new BadRecord(field, field + ": the .npy header is cut off");
        }
        byte[] header = new byte[headerLength];
        npy.get(header);
        String dict = new String(header, StandardCharsets.ISO_8859_1);
        Matcher descr = NPY_DESCR.matcher(dict);
        Matcher shape = NPY_SHAPE.matcher(dict);
        if (!descr.find() || !shape.find() || !dict.contains("'fortran_order': False")) {
            throw new BadRecord(field, field + ": .npy header " + dict.trim() + " is not a little-endian"
                    + " integer array of shape (positions, layers, top_k) in C order");
        }
        Dtype dtype = Dtype.valueOf((descr.group(2).equals("u") ? "UINT" : "INT") + Integer.parseInt(descr.group(3)) * 8);
        long rows = Long.parseLong(shape.group(1));
        long layers = Long.parseLong(shape.group(2));
        long topK = Long.parseLong(shape.group(3));
        long count = rows * layers * topK;
        if (count * dtype.bytes != npy.remaining()) {
            throw new BadRecord(field, field + ": the .npy header says " + rows + " x " + layers + " x " + topK
                    + " values of " + dtype.bytes + " bytes but " + npy.remaining() + " bytes follow (truncated?)");
        }
        return new ExpertIdBlock(values(npy, (int) count, dtype, field), (int) rows, (int) layers, (int) topK);
    }

    private static byte[] decodeBase64(String base64, String field) throws BadRecord {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new BadRecord(field, field + " is not base64 (" + e.getMessage() + ")");
        }
    }

    private static int[] values(ByteBuffer in, int count, Dtype dtype, String field) throws BadRecord {
        int[] out = new int[count];
        if (dtype == Dtype.INT32) {
            in.asIntBuffer().get(out); // SGLang's default: no per-value conversion
            return out;
        }
        for (int i = 0; i < count; i++) {
            long value = switch (dtype) {
                case INT8 -> in.get();
                case UINT8 -> Byte.toUnsignedInt(in.get());
                case INT16 -> in.getShort();
                case UINT16 -> Short.toUnsignedInt(in.getShort());
                case INT32 -> in.getInt();
                case UINT32 -> Integer.toUnsignedLong(in.getInt());
                case INT64 -> in.getLong();
            };
            if (value != (int) value) {
                throw new BadRecord(field, field + " value " + i + " is " + value + ", not an expert id");
            }
            out[i] = (int) value;
        }
        return out;
    }
}
