package io.moereplay.connectors.io.torch;

/**
 * The element types of the typed storages {@code torch.save} names in its pickle
 * ({@code torch.IntStorage} and so on, whatever the tensor's device), with their size in bytes.
 * Only the integer ones can be loaded; the rest are known so that a refusal can name them.
 */
public enum TorchDtype {
    INT16("ShortStorage", "int16", 2),
    INT32("IntStorage", "int32", 4),
    INT64("LongStorage", "int64", 8),
    INT8("CharStorage", "int8", 1),
    UINT8("ByteStorage", "uint8", 1),
    BOOL("BoolStorage", "bool", 1),
    FLOAT16("HalfStorage", "float16", 2),
    BFLOAT16("BFloat16Storage", "bfloat16", 2),
    FLOAT32("FloatStorage", "float32", 4),
    FLOAT64("DoubleStorage", "float64", 8);

    private final String storageClass;
    private final String label;
    private final int bytes;

    TorchDtype(String storageClass, String label, int bytes) {
        this.storageClass = storageClass;
        this.label = label;
        this.bytes = bytes;
    }

    /** The dtype of {@code torch.<storageClass>}, or null when it is not one of these. */
    static TorchDtype ofStorageClass(String storageClass) {
        for (TorchDtype dtype : values()) {
            if (dtype.storageClass.equals(storageClass)) {
                return dtype;
            }
        }
        return null;
    }

    /** Bytes per element. */
    public int bytes() {
        return bytes;
    }

    /** True for the dtypes {@link TorchCheckpoint#integers} loads. */
    public boolean loadable() {
        return this == INT16 || this == INT32 || this == INT64;
    }

    /** Torch's name, such as {@code int32}. */
    @Override
    public String toString() {
        return label;
    }
}
