package io.moereplay.connectors.io.torch;

/** An int64 tensor, its elements in row-major order. */
public record LongTensor(int[] shape, long[] data) implements IntegerTensor {

    @Override
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public long get(int index) {
        return data[index];
    }

    @Override
    public int length() {
        return data.length;
    }
}
