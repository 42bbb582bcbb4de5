package io.moereplay.connectors.io.torch;

import io.moereplay.connectors.io.TraceFile;
import io.moereplay.connectors.io.TraceFiles;
import io.moereplay.connectors.io.TraceFormatException;
import net.razorvine.pickle.PickleException;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * A file written by {@code torch.save} (PyTorch 1.6 and later): a zip archive whose
 * {@code <archive>/data.pkl} pickles the saved object and whose {@code <archive>/data/<key>}
 * entries hold the raw storages, in the byte order {@code <archive>/byteorder} names (little
 * endian when absent, as every torch before 2.1 wrote on the machines it runs on).
 *
 * <p>{@link #root()} gives the saved object as plain Java values: {@code Map<String, Object>} for
 * dicts, {@code List} for lists, {@code Object[]} for tuples, {@code Integer}, {@code Long} or
 * {@code BigInteger} for ints, {@code Double}, {@code String}, {@code Boolean}, null, and a {@link
 * TensorRef} for each tensor. A tensor's data is read only when {@link #integers} is asked for it,
 * straight from its storage entry into one array ({@link TensorData}).
 *
 * <p>The archive is read with random access: a file on another file system is first copied to a
 * temporary file, deleted on {@link #close()}.
 */
public final class TorchCheckpoint implements Closeable {

    /** Tensors are read into Java arrays, which hold at most this many elements. */
    private static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;
    private static final int CHUNK_BYTES = 1 << 16;

    private final String fileName;
    private final ZipFile zip;
    private final Path temporaryCopy;
    private final String prefix;
    private final ByteOrder byteOrder;
    private final Object root;

    private TorchCheckpoint(String fileName, ZipFile zip, Path temporaryCopy, String prefix, ByteOrder byteOrder,
            Object root) {
        this.fileName = fileName;
        this.zip = zip;
        this.temporaryCopy = temporaryCopy;
        this.prefix = prefix;
        this.byteOrder = byteOrder;
        this.root = root;
    }

    /**
     * Opens the archive and unpickles its {@code data.pkl}; no tensor data is read yet.
     *
     * @param expected what the file should hold, for messages
     * @throws TraceFormatException naming the file when it is missing, empty, not a torch.save zip
     *     archive (truncated, or saved with {@code _use_new_zipfile_serialization=False}), or its
     *     pickle holds objects other than tensors, numbers, strings, lists and dicts
     */
    public static TorchCheckpoint open(TraceFile file, String expected) throws IOException {
        TraceFiles.requireNonEmpty(file, expected);
        Path temporaryCopy = file.localPath().isPresent() ? null : copyToTemporaryFile(file);
        Path local = temporaryCopy == null ? file.localPath().get() : temporaryCopy;
        ZipFile zip = null;
        try {
            try {
                zip = new ZipFile(local.toFile());
            } catch (ZipException e) {
                throw new TraceFormatException(file.name(), "is not a zip archive, as torch.save writes (truncated,"
                        + " or saved with _use_new_zipfile_serialization=False); expected " + expected, e);
            }
            ZipEntry pickle = pickleEntry(zip);
            if (pickle == null) {
                throw new TraceFormatException(file.name(), "is a zip archive without a data.pkl, so not written by"
                        + " torch.save; expected " + expected);
            }
            String prefix = pickle.getName().substring(0, pickle.getName().length() - "data.pkl".length());
            Object root = unpickle(file.name(), zip, pickle, expected);
            return new TorchCheckpoint(file.name(), zip, temporaryCopy, prefix, byteOrder(file.name(), zip, prefix),
                    root);
        } catch (IOException | RuntimeException e) {
            if (zip != null) {
                zip.close();
            }
            deleteCopy(temporaryCopy);
            throw e;
        }
    }

    /** The saved object. */
    public Object root() {
        return root;
    }

    /**
     * Reads an int16, int32 or int64 tensor's elements, once, in row-major order.
     *
     * @param field where the tensor is in the saved object, such as {@code records[3].global_physical_count},
     *     for messages
     * @throws TraceFormatException naming the file and field when the tensor is of another dtype, or
     *     its storage is missing or shorter than the tensor
     */
    public IntegerTensor integers(TensorRef tensor, String field) throws IOException {
        try (InputStream in = storage(tensor, field)) {
            return TensorData.read(in, tensor, byteOrder);
        } catch (EOFException e) {
            throw cutShort(tensor, field, e);
        }
    }

    /**
     * True when every element of an integer tensor is zero, reading its data only up to the first
     * element that is not: a check that costs little on a file that passes it.
     *
     * @throws TraceFormatException as {@link #integers} does
     */
    public boolean allZero(TensorRef tensor, String field) throws IOException {
        if (!tensor.contiguous()) {
            IntegerTensor elements = integers(tensor, field);
            return java.util.stream.IntStream.range(0, elements.length()).allMatch(i -> elements.get(i) == 0);
        }
        byte[] chunk = new byte[CHUNK_BYTES];
        long remaining = tensor.elements() * tensor.dtype().bytes();
        try (InputStream in = storage(tensor, field)) {
            while (remaining > 0) {
                int n = (int) Math.min(remaining, CHUNK_BYTES);
                if (in.readNBytes(chunk, 0, n) < n) {
                    throw cutShort(tensor, field, new EOFException());
                }
                for (int i = 0; i < n; i++) {
                    if (chunk[i] != 0) {
                        return false;
                    }
                }
                remaining -= n;
            }
        }
        return true;
    }

    /** The tensor's storage entry, checked to hold it, positioned at the tensor's offset. */
    private InputStream storage(TensorRef tensor, String field) throws IOException {
        if (!tensor.dtype().loadable()) {
            throw new TraceFormatException(fileName, field + " is a " + tensor.dtype() + " tensor; expected int16,"
                    + " int32 or int64 counts");
        }
        if (tensor.elements() > MAX_ELEMENTS || tensor.storageSpan() > MAX_ELEMENTS) {
            throw new TraceFormatException(fileName, field + " " + tensor.shapeText() + " holds more elements than"
                    + " one Java array can; split the recording into shorter dumps");
        }
        ZipEntry entry = zip.getEntry(prefix + storageName(tensor));
        if (entry == null) {
            throw new TraceFormatException(fileName, "the storage of " + field + " (" + storageName(tensor)
                    + ") is missing from the archive; the file is cut short or was not written by torch.save");
        }
        int bytes = tensor.dtype().bytes();
        long needed = (tensor.storageOffset() + tensor.storageSpan()) * bytes;
        if (entry.getSize() >= 0 && entry.getSize() < needed) {
            throw new TraceFormatException(fileName, "the storage of " + field + " (" + storageName(tensor)
                    + ") holds " + entry.getSize() + " bytes, fewer than the " + needed + " its "
                    + tensor.shapeText() + " tensor needs");
        }
        InputStream in = zip.getInputStream(entry);
        try {
            in.skipNBytes(tensor.storageOffset() * bytes);
        } catch (EOFException e) {
            in.close();
            throw cutShort(tensor, field, e);
        }
        return in;
    }

    private TraceFormatException cutShort(TensorRef tensor, String field, EOFException e) {
        return new TraceFormatException(fileName, "the storage of " + field + " (" + storageName(tensor) + ") ends"
                + " before the tensor does; the file is cut short", e);
    }

    private static String storageName(TensorRef tensor) {
        return "data/" + tensor.storageKey();
    }

    @Override
    public void close() throws IOException {
        try {
            zip.close();
        } finally {
            deleteCopy(temporaryCopy);
        }
    }

    private static ZipEntry pickleEntry(ZipFile zip) {
        for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
            ZipEntry entry = entries.nextElement();
            String name = entry.getName();
            if (name.endsWith("/data.pkl") && name.indexOf('/') == name.length() - "/data.pkl".length()) {
                return entry;
            }
        }
        return null;
    }

    private static Object unpickle(String fileName, ZipFile zip, ZipEntry pickle, String expected) throws IOException {
        try (InputStream in = new BufferedInputStream(zip.getInputStream(pickle), CHUNK_BYTES)) {
            return new TorchUnpickler().load(in);
        } catch (PickleException e) {
            throw new TraceFormatException(fileName, "its data.pkl " + e.getMessage() + "; expected " + expected, e);
        } catch (IOException | RuntimeException e) {
            throw new TraceFormatException(fileName, "its data.pkl is cut short or is not a pickle torch.save"
                    + " writes; expected " + expected, e);
        }
    }

    private static ByteOrder byteOrder(String fileName, ZipFile zip, String prefix) throws IOException {
        ZipEntry entry = zip.getEntry(prefix + "byteorder");
        if (entry == null) {
            return ByteOrder.LITTLE_ENDIAN;
        }
        String order;
        try (InputStream in = zip.getInputStream(entry)) {
            order = new String(in.readNBytes(16), StandardCharsets.US_ASCII).trim();
        }
        return switch (order) {
            case "little" -> ByteOrder.LITTLE_ENDIAN;
            case "big" -> ByteOrder.BIG_ENDIAN;
            default -> throw new TraceFormatException(fileName, "its byteorder record says '" + order
                    + "'; torch.save writes little or big");
        };
    }

    private static Path copyToTemporaryFile(TraceFile file) throws IOException {
        Path copy = Files.createTempFile("moe-replay-torch-", ".pt");
        try (InputStream in = file.open()) {
            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(copy);
            throw e;
        }
        return copy;
    }

    private static void deleteCopy(Path copy) throws IOException {
        if (copy != null) {
            Files.deleteIfExists(copy);
        }
    }
}
