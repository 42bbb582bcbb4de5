package io.moereplay.jobs.input;

import io.moereplay.connectors.routing.ContestedKeys;
import io.moereplay.connectors.routing.RoutingFormat;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which keys need the cross-file check, from footer ranges, and which formats need none. */
class InputOverlapsTest {

    @TempDir
    java.nio.file.Path dir;

    @Test
    void onlyWhereFooterRangesMeetAreKeysContested() throws Exception {
        // part-0 holds requests 0-1, part-1 requests 1-2, part-2 request 5.
        java.nio.file.Path parts = ExactlyOnceITCase.decisionParts(dir.resolve("parts"), true);

        InputOverlaps overlaps = overlaps(RoutingFormat.PARQUET, files(parts, "part-0.parquet", "part-1.parquet",
                "part-2.parquet"));

        assertThat(overlaps.contested()).map(ContestedKeys::toString).containsExactly("[1..1]", "[1..1]", "[]");
        assertThat(overlaps.any()).isTrue();
    }

    @Test
    void partsOfDisjointRangesNeedNoCheck() throws Exception {
        java.nio.file.Path parts = ExactlyOnceITCase.decisionParts(dir.resolve("parts"), true);

        InputOverlaps overlaps = overlaps(RoutingFormat.PARQUET, files(parts, "part-0.parquet", "part-2.parquet"));

        assertThat(overlaps.any()).isFalse();
    }

    @Test
    void textFilesHaveNoFooterSoAllTheirKeysAreContested() throws Exception {
        Files.writeString(dir.resolve("a.jsonl"), "{}\n");
        Files.writeString(dir.resolve("b.jsonl"), "{}\n");

        InputOverlaps overlaps = overlaps(RoutingFormat.TOKEN_JSONL, files(dir, "a.jsonl", "b.jsonl"));

        assertThat(overlaps.contested()).map(ContestedKeys::toString)
                .containsExactly(ContestedKeys.ALL.toString(), ContestedKeys.ALL.toString());
    }

    @Test
    void engineRankFilesAreSummedNotChecked() throws Exception {
        Files.writeString(dir.resolve("router_trace_rank0.jsonl"), "{}\n");
        Files.writeString(dir.resolve("router_trace_rank1.jsonl"), "{}\n");

        InputOverlaps overlaps = overlaps(RoutingFormat.MEGATRON_ROUTER_TRACE,
                files(dir, "router_trace_rank0.jsonl", "router_trace_rank1.jsonl"));

        assertThat(overlaps.any()).isFalse();
    }

    private static InputOverlaps overlaps(RoutingFormat format, List<Path> files) throws Exception {
        return InputOverlaps.of(files, format, InputRows.footers(files, format));
    }

    private static List<Path> files(java.nio.file.Path folder, String... names) {
        return java.util.Arrays.stream(names).map(name -> new Path(folder.resolve(name).toString())).toList();
    }
}
