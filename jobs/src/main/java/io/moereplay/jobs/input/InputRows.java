package io.moereplay.jobs.input;

import io.moereplay.connectors.io.FlinkTraceFile;
import io.moereplay.connectors.io.ParquetFiles;
import io.moereplay.connectors.io.TraceFormatException;
import io.moereplay.connectors.routing.RoutingFormat;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.flink.core.fs.Path;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Zero-row inputs fail before the job starts, as empty files do: a Parquet table whose footers
 * count no rows, like a CSV holding only its header, says "no rows" and names the file (or, for
 * several files, the first and how many). A zero-row part among parts with rows is fine: a table
 * written in parallel may have one.
 */
public final class InputRows {

    private InputRows() {}

    /** The message of every zero-row input: kin to "file is empty; expected ...". */
    public static TraceFormatException noRows(String file, String expected) {
        return new TraceFormatException(file, "no rows; expected " + expected);
    }

    /**
     * Fails when the Parquet files of a routing input hold no rows in all; other formats pass.
     *
     * @param footers each file's Parquet footer, in order; empty for formats that are not Parquet
     */
    static void requireRoutingRows(List<Path> files, RoutingFormat format, List<ParquetMetadata> footers) {
        if (footers.isEmpty()) {
            return; // text and engine formats: their readers or "file is empty" catch zero rows
        }
        long rows = footers.stream().flatMap(footer -> footer.getBlocks().stream())
                .mapToLong(BlockMetaData::getRowCount).sum();
        if (rows == 0) {
            throw noRows(files.size() == 1 ? files.get(0).toString()
                    : files.get(0) + " (and the " + (files.size() - 1) + " other files of the input)", format.expected());
        }
    }

    /** Each file's footer, read once for the checks that need it; none for formats that are not Parquet. */
    static List<ParquetMetadata> footers(List<Path> files, RoutingFormat format) throws IOException {
        if (format != RoutingFormat.PARQUET && format != RoutingFormat.EXPERT_LOAD) {
            return List.of();
        }
        List<ParquetMetadata> footers = new ArrayList<>();
        for (Path path : files) {
            try (ParquetFileReader reader = ParquetFiles.open(new FlinkTraceFile(path), format.expected())) {
                footers.add(reader.getFooter());
            }
        }
        return footers;
    }
}
