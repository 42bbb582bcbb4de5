package io.moereplay.connectors.io.torch;

import java.util.Arrays;

/**
 * A tensor as the pickle describes it, before its data is read: which storage of the archive
 * ({@code data/<storageKey>}) holds it, its element type, and where in that storage it lies
 * (offset, shape and strides, all in elements). A view such as {@code buffer[:n]} is saved with
 * its whole storage, so only these say which elements are the tensor's.
 */
public record TensorRef(String storageKey, TorchDtype dtype, long storageOffset, int[] shape, long[] strides) {

    public TensorRef {
        if (shape.length != strides.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " and strides "
                    + Arrays.toString(strides) + " differ in rank");
        }
        shape = shape.clone();
        strides = strides.clone();
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public long[] strides() {
        return strides.clone();
    }

    /** Number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** Size of one dimension. */
    public int size(int dimension) {
        return shape[dimension];
    }

    /** Elements in the tensor. */
    public long elements() {
        long elements = 1;
        for (int size : shape) {
            elements *= size;
        }
        return elements;
    }

    /** True when the elements lie in row-major order, one after another, in the storage. */
    boolean contiguous() {
        long expected = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] != 1 && strides[d] != expected) {
                return false;
            }
            expected *= shape[d];
        }
        return true;
    }

    /** Elements of the storage from the offset up to the tensor's last element; 0 when it is empty. */
    long storageSpan() {
        if (elements() == 0) {
            return 0;
        }
        long last = 0;
        for (int d = 0; d < shape.length; d++) {
            last += (shape[d] - 1L) * strides[d];
        }
        return last + 1;
    }

    /** The shape as torch prints it, such as {@code [8, 3, 16]}, for messages. */
    public String shapeText() {
        return Arrays.toString(shape);
    }
}
