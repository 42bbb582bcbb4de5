package io.moereplay.connectors.requests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moereplay.connectors.io.FlinkTraceFile;
import io.moereplay.connectors.io.LocalTraceFile;
import io.moereplay.connectors.io.TraceFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;

class RequestFormatTest {

    @TempDir Path dir;

    @Test
    void detectsTheSharedTraces() throws Exception {
        assertThat(RequestFormat.detect(SharedTraces.request("azure_llm_2023_code.csv")))
                .isEqualTo(RequestFormat.AZURE_CSV);
        assertThat(RequestFormat.detect(SharedTraces.request("mooncake_conversation_trace.jsonl")))
                .isEqualTo(RequestFormat.MOONCAKE_JSONL);
    }

    @Test
    void detectsVidurByItsColumnsInAnyOrder() throws Exception {
        Path file = Files.writeString(dir.resolve("t.csv"),
                "\uFEFFrequest_id,num_decode_tokens,arrived_at,extra,num_prefill_tokens\n1,2,3,4,5\n");

        assertThat(RequestFormat.detect(new LocalTraceFile(file))).isEqualTo(RequestFormat.VIDUR_CSV);
    }

    @Test
    void detectsParquetByExtension() throws Exception {
        Path file = Files.write(dir.resolve("t.PARQUET"), new byte[] {'P', 'A', 'R', '1'});

        assertThat(RequestFormat.detect(new LocalTraceFile(file))).isEqualTo(RequestFormat.PARQUET);
    }

    @Test
    void refusesACsvWithAnUnknownHeader() throws Exception {
        Path file = Files.writeString(dir.resolve("t.csv"), "time,prompt,output\n1,2,3\n");

        assertThatThrownBy(() -> RequestFormat.detect(new LocalTraceFile(file)))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("'time,prompt,output'")
                .hasMessageContaining("TIMESTAMP,ContextTokens,GeneratedTokens");
    }

    @Test
    void refusesAJsonlFileHoldingCsv() throws Exception {
        Path file = Files.writeString(dir.resolve("t.jsonl"),
                "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:17:03,1,2\n");

        assertThatThrownBy(() -> RequestFormat.detect(new LocalTraceFile(file)))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("not a JSON object");
    }

    @Test
    void refusesAnUnknownExtension() throws Exception {
        Path file = Files.writeString(dir.resolve("trace.txt"), "x\n");

        assertThatThrownBy(() -> RequestFormat.detect(new LocalTraceFile(file)))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("--requests-format");
    }

    @Test
    void refusesAnEmptyFile() throws Exception {
        Path file = Files.createFile(dir.resolve("empty.csv"));

        assertThatThrownBy(() -> RequestFormat.detect(new LocalTraceFile(file)))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("file is empty");
    }

    @Test
    void refusesAMissingFileOnTheLocalAndFlinkFileSystems() {
        Path missing = dir.resolve("nope.jsonl");

        assertThatThrownBy(() -> RequestFormat.detect(new LocalTraceFile(missing)))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("no such file");
        assertThatThrownBy(() -> RequestFormat.detect(new FlinkTraceFile(
                        new org.apache.flink.core.fs.Path(missing.toUri()))))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("nope.jsonl")
                .hasMessageContaining("no such file");
    }

    @ParameterizedTest
    @EnumSource(RequestFormat.class)
    void everyReaderRefusesEmptyAndMissingFiles(RequestFormat format) throws Exception {
        RequestTraceReader reader = RequestTraceReader.of(format);
        Path empty = Files.createFile(dir.resolve("empty"));
        Path missing = dir.resolve("missing");

        assertThatThrownBy(() -> reader.read(new LocalTraceFile(empty)))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageContaining(empty + ": file is empty; expected");
        assertThatThrownBy(() -> reader.read(new LocalTraceFile(missing)))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageContaining(missing + ": no such file; expected");
    }

    @Test
    void parsesFormatNames() {
        assertThat(RequestFormat.parse("azure-csv")).isEqualTo(RequestFormat.AZURE_CSV);
        assertThat(RequestFormat.parse("Mooncake_JSONL")).isEqualTo(RequestFormat.MOONCAKE_JSONL);
        assertThat(RequestFormat.parse(" vidur-csv ")).isEqualTo(RequestFormat.VIDUR_CSV);
        assertThat(RequestFormat.parse("parquet")).isEqualTo(RequestFormat.PARQUET);
        assertThatThrownBy(() -> RequestFormat.parse("tsv"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("request format 'tsv' is not one of"
                        + " azure-csv, mooncake-jsonl, vidur-csv, parquet");
    }
}
