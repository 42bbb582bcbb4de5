package io.moereplay.connectors.engines;

import static io.moereplay.connectors.engines.SafetensorsBytes.i32;
import static io.moereplay.connectors.engines.SafetensorsBytes.i64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moereplay.connectors.engines.SafetensorsFile.Dtype;
import io.moereplay.connectors.io.LocalTraceFile;
import io.moereplay.connectors.io.TraceFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

class SafetensorsFileTest {

    @TempDir Path dir;

    @Test
    void readsTheHeaderAndStreamsTensorsInFileOrder() throws Exception {
        LocalTraceFile file = write(SafetensorsBytes.file(Map.of("format", "pt"),
                List.of(i64("b", 1, -2, 1L << 40), i32("a", 7, 0, -9))));

        SafetensorsFile safetensors = SafetensorsFile.open(file, "counts");
        List<String> seen = new ArrayList<>();
        safetensors.forEachTensor((tensor, data) -> {
            long[] values = new long[(int) tensor.elements()];
            Arrays.setAll(values, i -> tensor.dtype().integerAt(data, i));
            seen.add(tensor.name() + "=" + Arrays.toString(values));
        });

        assertThat(safetensors.metadata()).containsEntry("format", "pt");
        assertThat(safetensors.tensors()).extracting(SafetensorsFile.Tensor::dtype).containsExactly(Dtype.I64, Dtype.I32);
        assertThat(seen).containsExactly("b=[1, -2, 1099511627776]", "a=[7, 0, -9]");
    }

    @Test
    void refusesAFileShorterThanTheHeaderLength() throws Exception {
        assertRefused(new byte[] {1, 2, 3, 4, 5}, "is 5 bytes, shorter than the 8-byte header length (truncated)");
    }

    @Test
    void refusesAHeaderLengthBeyondTheFile() throws Exception {
        byte[] whole = SafetensorsBytes.file(i64("1_1", 3, 4));
        assertRefused(Arrays.copyOf(whole, 20), "runs past the end of the 20-byte file");
    }

    @Test
    void refusesAHeaderThatIsNotJson() throws Exception {
        assertRefused(SafetensorsBytes.withHeader("{\"1_1\": {\"dtype\": ", new byte[0]), "header is not JSON");
    }

    @Test
    void refusesTruncatedTensorData() throws Exception {
        byte[] whole = SafetensorsBytes.file(i64("1_1", 3, 4));
        assertRefused(Arrays.copyOf(whole, whole.length - 3), "data_offsets [0, 16] run past the 13 data bytes (truncated)");
    }

    @Test
    void refusesOffsetsThatDisagreeWithTheShape() throws Exception {
        String header = "{\"1_1\": {\"dtype\": \"I64\", \"shape\": [3], \"data_offsets\": [0, 16]}}";
        assertRefused(SafetensorsBytes.withHeader(header, new byte[16]), "spans 16 bytes but '1_1' I64[3] needs 24");
    }

    @Test
    void refusesAnUnknownDtypeAndOverlappingTensors() throws Exception {
        assertRefused(SafetensorsBytes.withHeader(
                "{\"1_1\": {\"dtype\": \"int32\", \"shape\": [2], \"data_offsets\": [0, 8]}}", new byte[8]),
                "dtype \"int32\", which safetensors does not define");
        assertRefused(SafetensorsBytes.withHeader("{\"a\": {\"dtype\": \"I32\", \"shape\": [2], \"data_offsets\": [0, 8]},"
                + " \"b\": {\"dtype\": \"I32\", \"shape\": [1], \"data_offsets\": [4, 8]}}", new byte[8]), "overlap");
    }

    private void assertRefused(byte[] bytes, String problem) throws Exception {
        LocalTraceFile file = write(bytes);
        assertThatThrownBy(() -> SafetensorsFile.open(file, "counts"))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageStartingWith(file.name() + ": ")
                .hasMessageContaining(problem)
                .hasMessageEndingWith("; expected counts");
    }

    private LocalTraceFile write(byte[] bytes) throws Exception {
        return new LocalTraceFile(Files.write(dir.resolve("rank0.safetensors"), bytes));
    }
}
