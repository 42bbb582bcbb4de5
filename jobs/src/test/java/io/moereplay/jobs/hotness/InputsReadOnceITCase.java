package io.moereplay.jobs.hotness;

import io.moereplay.connectors.io.TraceFormatException;
import io.moereplay.model.hotness.WindowSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** No input file is counted twice: a repeated path or a copied part fails before the job starts. */
class InputsReadOnceITCase {

    private static final String PART = """
            {"request_id": 0, "token_idx": 0, "layer": 0, "experts": [0, 1]}
            {"request_id": 0, "token_idx": 0, "layer": 1, "experts": [2, 3]}
            """;

    @TempDir
    Path dir;

    @Test
    void theSameFileGivenTwiceFailsNamingIt() throws Exception {
        Path part = Files.writeString(dir.resolve("part-0.jsonl"), PART);

        assertThatThrownBy(() -> run(List.of(part.toString(), part.toString())))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageContaining(part.toString())
                .hasMessageContaining("is given twice");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void aFolderAndAFileInsideItFail() throws Exception {
        Path parts = Files.createDirectory(dir.resolve("parts"));
        Path part = Files.writeString(parts.resolve("part-0.jsonl"), PART);

        assertThatThrownBy(() -> run(List.of(parts.toString(), part.toString())))
                .hasMessageContaining("part-0.jsonl")
                .hasMessageContaining("is given twice");
    }

    @Test
    void aPartDeliveredTwiceIntoAFolderFailsNamingBothCopies() throws Exception {
        Path parts = Files.createDirectory(dir.resolve("parts"));
        Files.writeString(parts.resolve("part-0.jsonl"), PART);
        Files.writeString(parts.resolve("part-0 (1).jsonl"), PART);

        assertThatThrownBy(() -> run(List.of(parts.toString())))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("part-0 (1).jsonl")
                .hasMessageContaining("has the same content as")
                .hasMessageContaining("part-0.jsonl");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void twoEmptyFilesAreReportedAsEmptyNotAsCopies() throws Exception {
        Path parts = Files.createDirectory(dir.resolve("parts"));
        Files.writeString(parts.resolve("part-0.jsonl"), "");
        Files.writeString(parts.resolve("part-1.jsonl"), "");

        assertThatThrownBy(() -> run(List.of(parts.toString())))
                .hasMessageContaining("part-0.jsonl")
                .hasMessageContaining("file is empty");
    }

    @Test
    void partsOfEqualSizeButOtherContentAreBothRead() throws Exception {
        Path parts = Files.createDirectory(dir.resolve("parts"));
        Files.writeString(parts.resolve("part-0.jsonl"), PART);
        Files.writeString(parts.resolve("part-1.jsonl"), PART.replace("\"request_id\": 0", "\"request_id\": 1"));

        Map<String, Object> summary = run(List.of(parts.toString()));

        assertThat(summary.get("rows_read")).isEqualTo(4L);
        assertThat(summary.get("rows_used")).isEqualTo(4L);
        assertThat(summary.get("decisions")).isEqualTo(8L);
    }

    private Map<String, Object> run(List<String> routing) throws Exception {
        return ExpertHotnessJob.run(new HotnessConfig(routing, null, null, null, WindowSpec.all(),
                dir.resolve("out").toString(), 1, 1.5, 2, 4, null, 10));
    }
}
