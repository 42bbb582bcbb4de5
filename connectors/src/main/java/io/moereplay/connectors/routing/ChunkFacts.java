package io.moereplay.connectors.routing;

import org.apache.parquet.column.statistics.FloatStatistics;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;

/**
 * What a column chunk's footer statistics prove about its values, so the reader can skip work
 * whose outcome they already decide. Statistics are trusted only from parquet-java (parquet-mr),
 * whose writer counts an empty or null list as a null of its leaf column; other writers differ.
 * A float column's min and max leave NaNs out, so its NaN count must be written, and 0.
 *
 * @param noNulls every entry of the chunk holds a value: no null, no empty list, no null element
 * @param skipValues the values need not be decoded: the reader's consumer does not use them and
 *     they are all valid for it; they read as 0
 */
record ChunkFacts(boolean noNulls, boolean skipValues) {

    static final ChunkFacts NONE = new ChunkFacts(false, false);

    /**
     * @param writer the file's created_by
     * @param skipFiniteNonNegative skip the values when they are all finite and non-negative (gate weights
     *     whose consumer does not use them)
     */
    static ChunkFacts of(String writer, ColumnChunkMetaData chunk, boolean skipFiniteNonNegative) {
        Statistics<?> stats = chunk.getStatistics();
        if (writer == null || !writer.startsWith("parquet-mr") || stats == null || stats.isEmpty()) {
            return NONE;
        }
        boolean noNulls = stats.isNumNullsSet() && stats.getNumNulls() == 0;
        boolean skip = skipFiniteNonNegative && stats.hasNonNullValue() && stats instanceof FloatStatistics floats
                && stats.isNanCountSet() && stats.getNanCount() == 0
                && floats.getMin() >= 0 && floats.getMax() <= Float.MAX_VALUE;
        return new ChunkFacts(noNulls, skip);
    }
}
