package io.moereplay.connectors.io.torch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moereplay.connectors.io.LocalTraceFile;
import io.moereplay.connectors.io.TraceFormatException;
import io.moereplay.connectors.io.torch.TorchSaveWriter.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads torch.save's zip-and-pickle layout into plain values, tensors once each, and refuses what it is not. */
class TorchCheckpointTest {

    private static final String EXPECTED = "a test dump";

    @TempDir Path dir;

    @Test
    void readsPlainValuesAndAnInt32Tensor() throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("rank", 0);
        root.put("big", 1L << 40);
        root.put("rate", 0.75);
        root.put("none", null);
        root.put("key", "primary");
        root.put("ids", List.of(5, 6, 7));
        root.put("counts", Tensor.int32(new int[] {2, 3}, 1, 2, 3, 4, 5, -6));

        try (TorchCheckpoint checkpoint = open(TorchSaveWriter.save(dir.resolve("plain.pt"), root))) {
            Map<?, ?> read = (Map<?, ?>) checkpoint.root();
            assertThat(read.get("rank")).isEqualTo(0);
            assertThat(read.get("big")).isEqualTo(1L << 40);
            assertThat(read.get("rate")).isEqualTo(0.75);
            assertThat(read.containsKey("none")).isTrue();
            assertThat(read.get("none")).isNull();
            assertThat(read.get("key")).isEqualTo("primary");
            assertThat(read.get("ids")).isEqualTo(List.of(5, 6, 7));
            TensorRef ref = (TensorRef) read.get("counts");
            assertThat(ref.dtype()).isEqualTo(TorchDtype.INT32);
            assertThat(ref.shape()).containsExactly(2, 3);
            IntegerTensor counts = checkpoint.integers(ref, "counts");
            assertThat(counts).isInstanceOf(IntTensor.class);
            assertThat(counts.shape()).containsExactly(2, 3);
            assertThat(elements(counts)).containsExactly(1L, 2L, 3L, 4L, 5L, -6L);
        }
    }

    @Test
    void readsInt64AndInt16Tensors() throws IOException {
        Map<String, Object> root = Map.of(
                "map", Tensor.int64(new int[] {1, 3}, 0, 1L << 33, -1),
                "small", Tensor.int16(new int[] {3}, -32768, 0, 32767));

        try (TorchCheckpoint checkpoint = open(TorchSaveWriter.save(dir.resolve("wide.pt"), root))) {
            Map<?, ?> read = (Map<?, ?>) checkpoint.root();
            IntegerTensor map = checkpoint.integers((TensorRef) read.get("map"), "map");
            assertThat(map).isInstanceOf(LongTensor.class);
            assertThat(elements(map)).containsExactly(0L, 1L << 33, -1L);
            assertThat(elements(checkpoint.integers((TensorRef) read.get("small"), "small")))
                    .containsExactly(-32768L, 0L, 32767L);
        }
    }

    @Test
    void honoursTheByteOrderRecordAndAssumesLittleEndianWithoutOne() throws IOException {
        Tensor tensor = Tensor.int32(new int[] {3}, 1, 256, -2);
        Path big = TorchSaveWriter.save(dir.resolve("big.pt"), Map.of("t", tensor), ByteOrder.BIG_ENDIAN, true);
        Path old = TorchSaveWriter.save(dir.resolve("old.pt"), Map.of("t", tensor), ByteOrder.LITTLE_ENDIAN, false);

        for (Path file : List.of(big, old)) {
            try (TorchCheckpoint checkpoint = open(file)) {
                TensorRef ref = (TensorRef) ((Map<?, ?>) checkpoint.root()).get("t");
                assertThat(elements(checkpoint.integers(ref, "t"))).as("%s", file).containsExactly(1L, 256L, -2L);
            }
        }
    }

    @Test
    void readsOnlyAViewsElementsOfItsStorage() throws IOException {
        // buffer[1:3] of a [4, 2] buffer (offset 2), as SGLang's _InfiniteBuffer.get_all() saves it, and the
        // transpose of a [2, 3] tensor (strides 1, 3).
        long[] storage = {9, 9, 1, 2, 3, 4, 9, 9};
        Tensor rows = new Tensor("IntStorage", 4, storage, 2, new int[] {2, 2}, new long[] {2, 1});
        Tensor transposed = new Tensor("IntStorage", 4, new long[] {1, 2, 3, 4, 5, 6}, 0, new int[] {3, 2},
                new long[] {1, 3});
        Path file = TorchSaveWriter.save(dir.resolve("views.pt"), Map.of("rows", rows, "t", transposed));

        try (TorchCheckpoint checkpoint = open(file)) {
            Map<?, ?> read = (Map<?, ?>) checkpoint.root();
            IntegerTensor view = checkpoint.integers((TensorRef) read.get("rows"), "rows");
            assertThat(view.shape()).containsExactly(2, 2);
            assertThat(elements(view)).containsExactly(1L, 2L, 3L, 4L);
            IntegerTensor t = checkpoint.integers((TensorRef) read.get("t"), "t");
            assertThat(t.shape()).containsExactly(3, 2);
            assertThat(elements(t)).containsExactly(1L, 4L, 2L, 5L, 3L, 6L);
        }
    }

    @Test
    void refusesAFloatTensorNamingTheFieldAndDtype() throws IOException {
        Path file = TorchSaveWriter.save(dir.resolve("float.pt"), Map.of("t", Tensor.float32(new int[] {2}, 1, 2)));

        try (TorchCheckpoint checkpoint = open(file)) {
            TensorRef ref = (TensorRef) ((Map<?, ?>) checkpoint.root()).get("t");
            assertThatThrownBy(() -> checkpoint.integers(ref, "records[0].t"))
                    .isInstanceOf(TraceFormatException.class)
                    .hasMessage(file + ": records[0].t is a float32 tensor; expected int16, int32 or int64 counts");
        }
    }

    @Test
    void refusesWhatIsNotATorchZip() throws IOException {
        Path good = TorchSaveWriter.save(dir.resolve("good.pt"), Map.of("t", Tensor.int32(new int[] {1}, 1)));
        Path truncated = dir.resolve("truncated.pt");
        TorchSaveWriter.writePrefix(good, truncated, Files.size(good) - 30);
        Path text = Files.writeString(dir.resolve("text.pt"), "{\"records\": []}");

        for (Path file : List.of(truncated, text)) {
            assertThatThrownBy(() -> open(file))
                    .isInstanceOf(TraceFormatException.class)
                    .hasMessageStartingWith(file + ": is not a zip archive, as torch.save writes (truncated");
        }
    }

    @Test
    void refusesAStorageShorterThanItsTensor() throws IOException {
        Tensor overrun = new Tensor("IntStorage", 4, new long[] {1, 2}, 1, new int[] {2}, new long[] {1});
        Path file = TorchSaveWriter.save(dir.resolve("short.pt"), Map.of("t", overrun));

        try (TorchCheckpoint checkpoint = open(file)) {
            TensorRef ref = (TensorRef) ((Map<?, ?>) checkpoint.root()).get("t");
            assertThatThrownBy(() -> checkpoint.integers(ref, "t"))
                    .isInstanceOf(TraceFormatException.class)
                    .hasMessageContaining("the storage of t (data/0) holds 8 bytes, fewer than the 12");
        }
    }

    @Test
    void refusesPythonObjectsOtherThanTensorsAndPlainValues() throws IOException {
        Path file = TorchSaveWriter.save(dir.resolve("obj.pt"), Map.of("t", Tensor.int32(new int[] {1}, 1)));
        // Turn the OrderedDict of backward hooks into another class, keeping the pickle's length.
        byte[] bytes = Files.readAllBytes(file);
        byte[] from = "collections\nOrderedDict\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] to = "collections\nCounterDict\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int at = indexOf(bytes, from);
        System.arraycopy(to, 0, bytes, at, to.length);
        Path other = Files.write(dir.resolve("other.pt"), bytes);

        assertThatThrownBy(() -> open(other))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("its data.pkl holds a Python object of type collections.CounterDict");
    }

    private static TorchCheckpoint open(Path file) throws IOException {
        return TorchCheckpoint.open(new LocalTraceFile(file), EXPECTED);
    }

    private static List<Long> elements(IntegerTensor tensor) {
        List<Long> values = new ArrayList<>();
        for (int i = 0; i < tensor.length(); i++) {
            values.add(tensor.get(i));
        }
        return values;
    }

    private static int indexOf(byte[] bytes, byte[] part) {
        for (int i = 0; i + part.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + part.length, part, 0, part.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }
}
