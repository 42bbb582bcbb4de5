package io.moereplay.jobs.input;

import io.moereplay.connectors.routing.ContestedKeys;
import io.moereplay.connectors.routing.RoutingFormat;
import org.apache.flink.core.fs.Path;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which rows of an input's files another file of the same input may also hold, decided on the
 * client from each file's key range before the job starts: request ids for decision traces, window
 * starts for count tables ({@link RoutingFormat.Files}). A file whose range meets no other file's
 * is checked on its own, as before; only the keys where ranges meet are checked across files.
 *
 * <p>Ranges come from the Parquet footers' min/max statistics (the footers the row check reads). Text
 * formats have no footer, so their range is unknown and, when an input has several such files,
 * all their keys are contested. Engine dumps are summed across files by design: nothing contested.
 *
 * @param contested per file, in input order
 */
public record InputOverlaps(List<ContestedKeys> contested) implements Serializable {

    /**
     * The overlaps of {@code files}, read as {@code format}.
     *
     * @param footers each file's Parquet footer, in order; empty for formats that are not Parquet
     */
    static InputOverlaps of(List<Path> files, RoutingFormat format, List<ParquetMetadata> footers) {
        List<ContestedKeys> none = files.stream().map(file -> ContestedKeys.NONE).toList();
        if (format.files() == RoutingFormat.Files.SUMMED || files.size() < 2) {
            return new InputOverlaps(none);
        }
        List<Optional<long[]>> ranges = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            ranges.add(footers.isEmpty() ? Optional.empty() : keyRange(footers.get(i), format));
        }
        List<ContestedKeys> contested = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            contested.add(contested(i, ranges));
        }
        return new InputOverlaps(contested);
    }

    public ContestedKeys of(int fileIndex) {
        return contested.get(fileIndex);
    }

    /** Whether any file has a key another file may hold, so a cross-file check is needed at all. */
    public boolean any() {
        return contested.stream().anyMatch(keys -> !keys.isEmpty());
    }

    // Step: the part of file i's range that another file's range reaches; an unknown range reaches all.
    private static ContestedKeys contested(int i, List<Optional<long[]>> ranges) {
        long[] own = ranges.get(i).orElse(new long[] {Long.MIN_VALUE, Long.MAX_VALUE});
        if (own.length == 0) {
            return ContestedKeys.NONE;
        }
        List<long[]> shared = new ArrayList<>();
        for (int j = 0; j < ranges.size(); j++) {
            long[] other = ranges.get(j).orElse(new long[] {Long.MIN_VALUE, Long.MAX_VALUE});
            if (j != i && other.length != 0 && other[0] <= own[1] && own[0] <= other[1]) {
                shared.add(new long[] {Math.max(own[0], other[0]), Math.min(own[1], other[1])});
            }
        }
        return shared.isEmpty() ? ContestedKeys.NONE : ContestedKeys.union(shared);
    }

    /**
     * The file's {min, max} key from its footer; an empty array for a file without rows; empty when
     * the format has no footer or a row group lacks statistics.
     */
    private static Optional<long[]> keyRange(ParquetMetadata footer, RoutingFormat format) {
        String column = format == RoutingFormat.EXPERT_LOAD ? "window_start_us" : "request_id";
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (BlockMetaData block : footer.getBlocks()) {
            if (block.getRowCount() == 0) {
                continue;
            }
            Statistics<?> stats = statistics(block, column);
            if (stats == null || !stats.hasNonNullValue()) {
                return Optional.empty();
            }
            min = Math.min(min, ((Number) stats.genericGetMin()).longValue());
            max = Math.max(max, ((Number) stats.genericGetMax()).longValue());
        }
        return Optional.of(min > max ? new long[0] : new long[] {min, max});
    }

    private static Statistics<?> statistics(BlockMetaData block, String column) {
        for (ColumnChunkMetaData chunk : block.getColumns()) {
            if (chunk.getPath().toDotString().equals(column)) {
                return chunk.getStatistics();
            }
        }
        return null;
    }
}
