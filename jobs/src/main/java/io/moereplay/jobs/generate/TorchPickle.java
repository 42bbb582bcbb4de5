package io.moereplay.jobs.generate;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Writes the {@code data.pkl} of a {@code torch.save} archive (pickle protocol 2) for plain values:
 * dicts, lists, strings, integers and tensors whose data lies in the archive's {@code data/KEY}
 * entries. A tensor is pickled as {@code torch.save} does it: {@code _rebuild_tensor_v2(storage,
 * 0, size, stride, False, OrderedDict())}, the storage a persistent id {@code ("storage",
 * torch.IntStorage, KEY, "cpu", numel)}. No memo is written; unpicklers do not need one.
 */
final class TorchPickle {

    /** A contiguous tensor of {@code storage}'s dtype whose data is archive entry {@code data/KEY}. */
    record Tensor(String key, String storage, int[] shape) {
        long elements() {
            long n = 1;
            for (int size : shape) {
                n *= size;
            }
            return n;
        }
    }

    private static final int PROTO = 0x80;
    private static final int STOP = '.';
    private static final int MARK = '(';
    private static final int EMPTY_DICT = '}';
    private static final int SETITEMS = 'u';
    private static final int EMPTY_LIST = ']';
    private static final int APPENDS = 'e';
    private static final int BINUNICODE = 'X';
    private static final int BININT = 'J';
    private static final int LONG1 = 0x8a;
    private static final int GLOBAL = 'c';
    private static final int TUPLE = 't';
    private static final int EMPTY_TUPLE = ')';
    private static final int BINPERSID = 'Q';
    private static final int REDUCE = 'R';
    private static final int NEWFALSE = 0x89;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private TorchPickle() {}

    /** The pickle of {@code root}: a {@link Map}, {@link List}, {@link String}, {@link Number} or {@link Tensor} tree. */
    static byte[] of(Object root) {
        TorchPickle pickle = new TorchPickle();
        pickle.out.write(PROTO);
        pickle.out.write(2);
        pickle.value(root);
        pickle.out.write(STOP);
        return pickle.out.toByteArray();
    }

    private void value(Object value) {
        if (value instanceof Map<?, ?> map) {
            out.write(EMPTY_DICT);
            if (!map.isEmpty()) {
                out.write(MARK);
                map.forEach((k, v) -> {
                    value(k);
                    value(v);
                });
                out.write(SETITEMS);
            }
        } else if (value instanceof List<?> list) {
            out.write(EMPTY_LIST);
            if (!list.isEmpty()) {
                out.write(MARK);
                list.forEach(this::value);
                out.write(APPENDS);
            }
        } else if (value instanceof String text) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            out.write(BINUNICODE);
            littleEndian(bytes.length, 4);
            out.writeBytes(bytes);
        } else if (value instanceof Integer || value instanceof Long) {
            integer(((Number) value).longValue());
        } else if (value instanceof Tensor tensor) {
            tensor(tensor);
        } else {
            throw new IllegalArgumentException("cannot pickle a " + value.getClass().getSimpleName());
        }
    }

    private void integer(long value) {
        if (value == (int) value) {
            out.write(BININT);
            littleEndian(value, 4);
        } else {
            out.write(LONG1);
            out.write(8);
            littleEndian(value, 8);
        }
    }

    private void tensor(Tensor tensor) {
        global("torch._utils", "_rebuild_tensor_v2");
        out.write(MARK);
        out.write(MARK);
        value("storage");
        global("torch", tensor.storage());
        value(tensor.key());
        value("cpu");
        integer(tensor.elements());
        out.write(TUPLE);
        out.write(BINPERSID);
        integer(0);
        int[] shape = tensor.shape();
        long[] stride = new long[shape.length];
        long step = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            stride[d] = step;
            step *= shape[d];
        }
        out.write(MARK);
        for (int size : shape) {
            integer(size);
        }
        out.write(TUPLE);
        out.write(MARK);
        for (long s : stride) {
            integer(s);
        }
        out.write(TUPLE);
        out.write(NEWFALSE);
        global("collections", "OrderedDict");
        out.write(EMPTY_TUPLE);
        out.write(REDUCE);
        out.write(TUPLE);
        out.write(REDUCE);
    }

    private void global(String module, String name) {
        out.write(GLOBAL);
        out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    private void littleEndian(long value, int bytes) {
        for (int i = 0; i < bytes; i++) {
            out.write((int) (value >>> (8 * i)) & 0xff);
        }
    }
}
