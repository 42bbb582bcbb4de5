package io.moereplay.connectors.io.torch;

/**
 * An integer tensor read from a torch file, in row-major order: {@link IntTensor} for int16 and
 * int32 storages, {@link LongTensor} for int64 ones.
 */
public sealed interface IntegerTensor permits IntTensor, LongTensor {

    /** The sizes of its dimensions (a copy). */
    int[] shape();

    /** The element at a row-major index. */
    long get(int index);

    /** Number of elements. */
    int length();
}
