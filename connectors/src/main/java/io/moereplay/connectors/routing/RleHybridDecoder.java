package io.moereplay.connectors.routing;

import org.apache.parquet.io.ParquetDecodingException;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Parquet's RLE / bit-packing hybrid encoding (repetition and definition levels, dictionary ids)
 * decoded a page at a time into an int array: a tight loop where parquet-mr's decoder makes a
 * few virtual calls per value.
 *
 * <p>Like parquet-mr's decoder, a last bit-packed group cut short by the end of the data reads the
 * missing bytes as zeros.
 */
final class RleHybridDecoder {

    /** Eight bytes at any offset of a byte array, little-endian, as one load. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private RleHybridDecoder() {}

    /**
     * Decodes {@code count} values of {@code bitWidth} bits from {@code bytes[from, to)} into
     * {@code out[0..count)}.
     *
     * @return the offset after the last run read
     * @throws ParquetDecodingException when the data ends before {@code count} values
     */
    static int decode(byte[] bytes, int from, int to, int bitWidth, int[] out, int count) {
        int valueBytes = (bitWidth + 7) >>> 3;
        long mask = (1L << bitWidth) - 1;
        int p = from;
        int filled = 0;
        while (filled < count) {
            if (p >= to) {
                throw new ParquetDecodingException("RLE/bit-packed data ends after " + filled
                        + " of " + count + " values");
            }
            int header = 0;
            int shift = 0;
            int b;
            do {
                b = bytes[p++] & 0xFF;
                header |= (b & 0x7F) << shift;
                shift += 7;
            } while ((b & 0x80) != 0 && p < to);
            if ((header & 1) == 0) {
                // A run of one repeated value.
                int value = 0;
                for (int i = 0; i < valueBytes; i++) {
                    value |= (p < to ? bytes[p++] & 0xFF : 0) << (8 * i);
                }
                int n = Math.min(header >>> 1, count - filled);
                Arrays.fill(out, filled, filled + n, value);
                filled += n;
            } else {
                // Groups of 8 values, bitWidth bits each, least significant bit first.
                int groups = header >>> 1;
                int n = Math.min(groups * 8, count - filled);
                int i = 0;
                // Where 8 bytes can be read past a value's first byte: one little-endian load
                // per value (a value spans at most 5 bytes: 32 bits at a shift of up to 7).
                int fast = Math.min(n, (int) Math.max(0, ((long) Math.min(to, bytes.length) - 8 - p) * 8 / Math.max(1, bitWidth)));
                if (bitWidth == 0) {
                    fast = n;
                    Arrays.fill(out, filled, filled + n, 0);
                } else {
                    for (long bit = 0; i < fast; i++, bit += bitWidth) {
                        long word = (long) LONGS.get(bytes, p + (int) (bit >>> 3));
                        out[filled + i] = (int) ((word >>> (bit & 7)) & mask);
                    }
                }
                // The rest byte by byte, reading past the data as zeros.
                long buffer = 0;
                int bits = 0;
                long startBit = (long) i * bitWidth;
                int q = p + (int) (startBit >>> 3);
                int skip = (int) (startBit & 7);
                for (; i < n; i++) {
                    while (bits < bitWidth + skip) {
                        buffer |= (long) (q < to ? bytes[q] & 0xFF : 0) << bits;
                        q++;
                        bits += 8;
                    }
                    buffer >>>= skip;
                    bits -= skip;
                    skip = 0;
                    out[filled + i] = (int) (buffer & mask);
                    buffer >>>= bitWidth;
                    bits -= bitWidth;
                }
                p = (int) Math.min(to, p + (long) groups * bitWidth);
                filled += n;
            }
        }
        return p;
    }
}
