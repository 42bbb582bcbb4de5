package io.moereplay.connectors.io.torch;

import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;

import java.io.IOException;
import java.util.LinkedHashMap;

/**
 * Unpickles the {@code data.pkl} of a {@code torch.save} archive into plain Java values, running no
 * Python: a tensor becomes a {@link TensorRef} (its data stays in the archive), a storage a {@link
 * StorageRef}. It knows the globals {@code torch.save} writes for plain tensors and dicts,
 * {@code torch._utils._rebuild_tensor_v2}, the {@code torch.*Storage} types and
 * {@code collections.OrderedDict}; any other Python object in the pickle fails the load naming it.
 *
 * <p>Globals are resolved here, per instance, rather than in the library's process-wide registry
 * of constructors, so that no other unpickling in the JVM is affected.
 */
final class TorchUnpickler extends Unpickler {

    /** The storage a persistent id names: {@code ("storage", torch.IntStorage, "0", "cuda:0", numel)}. */
    record StorageRef(String key, TorchDtype dtype) {}

    /** A {@code torch.*Storage} type as a pickled class reference; never called. */
    private record StorageClass(String name, TorchDtype dtype) implements IObjectConstructor {
        @Override
        public Object construct(Object[] args) {
            throw new PickleException("the pickle calls storage type torch." + name + " directly");
        }
    }

    @Override
    protected Object dispatch(short key) throws IOException {
        if (key == Opcodes.GLOBAL) {
            String module = PickleUtils.readline(input);
            String name = PickleUtils.readline(input);
            stack.add(global(module, name));
            return NO_RETURN_VALUE;
        }
        if (key == Opcodes.STACK_GLOBAL) {
            String name = (String) stack.pop();
            String module = (String) stack.pop();
            stack.add(global(module, name));
            return NO_RETURN_VALUE;
        }
        return super.dispatch(key);
    }

    @Override
    protected Object persistentLoad(Object pid) {
        if (pid instanceof Object[] id && id.length >= 3 && "storage".equals(id[0])
                && id[1] instanceof StorageClass storage && id[2] instanceof String storageKey) {
            if (storage.dtype() == null) {
                throw new PickleException("names storage type torch." + storage.name()
                        + ", which is not one of the types torch.save writes");
            }
            return new StorageRef(storageKey, storage.dtype());
        }
        throw new PickleException("holds a persistent id that is not a torch storage");
    }

    private static IObjectConstructor global(String module, String name) {
        if (module.equals("torch") && name.endsWith("Storage")) {
            return new StorageClass(name, TorchDtype.ofStorageClass(name));
        }
        if (module.equals("torch._utils") && name.equals("_rebuild_tensor_v2")) {
            return TorchUnpickler::rebuildTensor;
        }
        if (module.equals("collections") && name.equals("OrderedDict")) {
            return args -> new LinkedHashMap<>();
        }
        return args -> {
            throw new PickleException("holds a Python object of type " + module + "." + name
                    + ", which a dump of plain tensors, numbers, strings, lists and dicts does not");
        };
    }

    /** {@code _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])}. */
    private static TensorRef rebuildTensor(Object[] args) {
        if (args.length < 4 || !(args[0] instanceof StorageRef storage) || !(args[1] instanceof Number offset)
                || !(args[2] instanceof Object[] size) || !(args[3] instanceof Object[] stride)) {
            throw new PickleException("rebuilds a tensor from arguments that are not (storage, offset, size, stride)");
        }
        int[] shape = new int[size.length];
        long[] strides = new long[stride.length];
        for (int d = 0; d < shape.length; d++) {
            long dimension = integer(size[d]);
            if (dimension < 0 || dimension > Integer.MAX_VALUE) {
                throw new PickleException("rebuilds a tensor with dimension size " + dimension);
            }
            shape[d] = (int) dimension;
        }
        for (int d = 0; d < strides.length; d++) {
            strides[d] = integer(stride[d]);
        }
        if (shape.length != strides.length || offset.longValue() < 0
                || java.util.Arrays.stream(strides).anyMatch(s -> s < 0)) {
            throw new PickleException("rebuilds a tensor whose size, stride and offset do not fit together");
        }
        return new TensorRef(storage.key(), storage.dtype(), offset.longValue(), shape, strides);
    }

    private static long integer(Object value) {
        if (value instanceof Integer || value instanceof Long) {
            return ((Number) value).longValue();
        }
        throw new PickleException("rebuilds a tensor with a size or stride that is not an integer");
    }
}
