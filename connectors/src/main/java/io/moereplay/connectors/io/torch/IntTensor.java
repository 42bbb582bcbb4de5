package io.moereplay.connectors.io.torch;

/** An int16 or int32 tensor, its elements in row-major order. */
public record IntTensor(int[] shape, int[] data) implements IntegerTensor {

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
