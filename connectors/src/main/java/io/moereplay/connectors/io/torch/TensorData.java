package io.moereplay.connectors.io.torch;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A tensor's elements decoded from its storage's bytes: read in chunks straight into one typed
 * array (no second copy of the whole storage), then, for a strided view, gathered in row-major
 * order.
 */
final class TensorData {

    private static final int CHUNK_BYTES = 1 << 16;

    private TensorData() {}

    /**
     * @param in the storage, positioned at the tensor's offset, holding at least its span
     * @throws EOFException when the storage ends first
     */
    static IntegerTensor read(InputStream in, TensorRef tensor, ByteOrder byteOrder) throws IOException {
        IntegerTensor stored = read(in, tensor, (int) tensor.storageSpan(), byteOrder);
        return tensor.contiguous() ? stored : gather(stored, tensor);
    }

    /** {@code count} elements from the stream, in the tensor's shape when they are all of it. */
    private static IntegerTensor read(InputStream in, TensorRef tensor, int count, ByteOrder byteOrder)
            throws IOException {
        int[] shape = tensor.contiguous() ? tensor.shape() : new int[] {count};
        switch (tensor.dtype()) {
            case INT64 -> {
                long[] data = new long[count];
                readChunks(in, byteOrder, count, 8, (chunk, at, n) -> chunk.asLongBuffer().get(data, at, n));
                return new LongTensor(shape, data);
            }
            case INT32 -> {
                int[] data = new int[count];
                readChunks(in, byteOrder, count, 4, (chunk, at, n) -> chunk.asIntBuffer().get(data, at, n));
                return new IntTensor(shape, data);
            }
            default -> {
                // INT16, the one loadable dtype left (TorchCheckpoint refuses the others before reading).
                int[] data = new int[count];
                readChunks(in, byteOrder, count, 2, (chunk, at, n) -> {
                    for (int i = 0; i < n; i++) {
                        data[at + i] = chunk.getShort(2 * i);
                    }
                });
                return new IntTensor(shape, data);
            }
        }
    }

    /** Receives elements {@code [at, at + n)} as the start of a buffer in the archive's byte order. */
    private interface ChunkSink {
        void accept(ByteBuffer chunk, int at, int n);
    }

    private static void readChunks(InputStream in, ByteOrder byteOrder, int count, int elementBytes, ChunkSink sink)
            throws IOException {
        byte[] bytes = new byte[CHUNK_BYTES];
        ByteBuffer chunk = ByteBuffer.wrap(bytes).order(byteOrder);
        for (int at = 0; at < count; ) {
            int n = Math.min(count - at, CHUNK_BYTES / elementBytes);
            if (in.readNBytes(bytes, 0, n * elementBytes) < n * elementBytes) {
                throw new EOFException();
            }
            sink.accept(chunk, at, n);
            at += n;
        }
    }

    /** The tensor's elements, row-major, out of the storage span read for a strided view. */
    private static IntegerTensor gather(IntegerTensor span, TensorRef tensor) {
        int elements = (int) tensor.elements();
        int[] shape = tensor.shape();
        int[] index = new int[shape.length];
        long[] strides = tensor.strides();
        if (span instanceof LongTensor longs) {
            long[] data = new long[elements];
            for (int i = 0; i < elements; i++) {
                data[i] = longs.data()[(int) next(index, shape, strides, i)];
            }
            return new LongTensor(shape, data);
        }
        int[] ints = ((IntTensor) span).data();
        int[] data = new int[elements];
        for (int i = 0; i < elements; i++) {
            data[i] = ints[(int) next(index, shape, strides, i)];
        }
        return new IntTensor(shape, data);
    }

    /** The storage position of element {@code i}, stepping the multi-index after the first. */
    private static long next(int[] index, int[] shape, long[] strides, int i) {
        if (i > 0) {
            for (int d = shape.length - 1; d >= 0 && ++index[d] == shape[d]; d--) {
                index[d] = 0;
            }
        }
        long position = 0;
        for (int d = 0; d < shape.length; d++) {
            position += index[d] * strides[d];
        }
        return position;
    }
}
