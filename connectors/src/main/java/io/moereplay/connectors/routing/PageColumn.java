package io.moereplay.connectors.routing;

import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.io.ParquetDecodingException;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

import java.io.IOException;

/**
 * One leaf column of one row group, read in batches of rows from pages decoded whole into arrays.
 * An entry is a value or a null, and for a list column one element, an empty list or a null list.
 *
 * <p>Pages are decoded by {@link DecodedPage}; this class walks them: scalar rows are copied out
 * a batch at a time, and list rows that lie inside a page without nulls too, so the per-row work
 * is a few array reads.
 *
 * <p>Only the column types of the routing table are supported: INT32, INT64, FLOAT and BINARY.
 */
final class PageColumn {

    private final PageReader pages;
    private final DecodedPage page;
    // Position in the current page: entry, value (non-null entries before it), row start.
    private int entry;
    private int value;
    private int nextRow;
    private boolean exhausted;

    // Batch outputs.
    private boolean[] rowNull = new boolean[0];
    private int[] rowInts = new int[0];
    private long[] rowLongs = new long[0];
    private Binary[] rowBinaries = new Binary[0];
    private int[] listCounts = new int[0];
    private int[] listOffsets = new int[1];
    private int[] listValues = new int[64];

    /**
     * @param known for a BINARY column, values to recognise: a row's {@link #rowInts} value is the
     *     value's index here, or -1; null for other columns
     * @param facts what the chunk's statistics prove ({@link ChunkFacts#NONE} when nothing)
     */
    PageColumn(ColumnDescriptor column, PageReadStore rowGroup, Binary[] known, ChunkFacts facts) throws IOException {
        this.pages = rowGroup.getPageReader(column);
        this.page = new DecodedPage(column, known, facts);
        page.readDictionary(pages.readDictionaryPage());
        nextPage();
    }

    /** Batch output: one value per row of a scalar column (INT32, FLOAT bits, BINARY codes). */
    int[] rowInts() {
        return rowInts;
    }

    /** Batch output: one value per row of an INT64 column. */
    long[] rowLongs() {
        return rowLongs;
    }

    /**
     * Batch output: a BINARY column's value per row where its {@link #rowInts} code is -1 (a value
     * not among the known ones); other rows' entries are not set.
     */
    Binary[] rowBinaries() {
        return rowBinaries;
    }

    /** Batch output: true where a scalar row is null; all false for a required column. */
    boolean[] rowNull() {
        return rowNull;
    }

    /** Batch output of a list column: a row's value count (0 for an empty or null list), or -1 when an element is null. */
    int[] listCounts() {
        return listCounts;
    }

    /** Batch output of a list column: row r's values are {@code listValues[listOffsets[r] .. listOffsets[r + 1])}. */
    int[] listOffsets() {
        return listOffsets;
    }

    /** Batch output of a list column: the values of all rows, as ints (FLOAT as its raw bits). */
    int[] listValues() {
        return listValues;
    }

    /**
     * Reads the next {@code rows} rows of a scalar column into {@link #rowInts} (or
     * {@link #rowLongs} for INT64), {@link #rowNull}, and {@link #rowBinaries} for BINARY.
     * A null row's value is 0.
     *
     * @throws ParquetDecodingException when the column ends first
     */
    void nextScalars(int rows) throws IOException {
        growRowOutputs(rows);
        int r = 0;
        while (r < rows) {
            requireEntries();
            int n = Math.min(rows - r, page.entries - entry);
            if (page.maxDefinition == 0) {
                // Required: one value per entry.
                if (page.type == PrimitiveTypeName.INT64) {
                    System.arraycopy(page.longs, value, rowLongs, r, n);
                } else {
                    System.arraycopy(page.ints, value, rowInts, r, n);
                    if (page.type == PrimitiveTypeName.BINARY && !page.codesOnly) {
                        System.arraycopy(page.binaries, value, rowBinaries, r, n);
                    }
                }
                value += n;
            } else {
                int[] levels = page.definition;
                int e = entry;
                int v = value;
                for (int i = r; i < r + n; i++, e++) {
                    boolean present = levels[e] == page.maxDefinition;
                    rowNull[i] = !present;
                    if (page.type == PrimitiveTypeName.INT64) {
                        rowLongs[i] = present ? page.longs[v] : 0;
                    } else {
                        rowInts[i] = present ? page.ints[v] : 0;
                        if (page.type == PrimitiveTypeName.BINARY && !page.codesOnly) {
                            rowBinaries[i] = present ? page.binaries[v] : null;
                        }
                    }
                    v += present ? 1 : 0;
                }
                value = v;
            }
            entry += n;
            r += n;
            if (entry == page.entries) {
                nextPage();
            }
        }
    }

    /**
     * Reads the next {@code rows} rows of a list column into {@link #listCounts},
     * {@link #listOffsets} and {@link #listValues}. A row's entries run until the next entry with
     * repetition level 0, across pages.
     *
     * @throws ParquetDecodingException when the column ends first
     */
    void nextLists(int rows) throws IOException {
        if (listCounts.length < rows) {
            listCounts = new int[rows];
            listOffsets = new int[rows + 1];
        }
        int total = 0;
        int r = 0;
        while (r < rows) {
            requireEntries();
            // Fast path: rows that start and end inside a page without nulls are copied whole.
            int[] rowStarts = page.rowStarts;
            int complete = page.pageRows - nextRow - 1;
            if (page.allPresent && complete > 0 && rowStarts[nextRow] == entry) {
                int take = Math.min(rows - r, complete);
                int to = rowStarts[nextRow + take];
                int n = to - entry;
                if (total + n > listValues.length) {
                    listValues = java.util.Arrays.copyOf(listValues, Math.max(2 * listValues.length, total + n));
                }
                // Without nulls, value i of the page is entry i.
                System.arraycopy(page.ints, entry, listValues, total, n);
                for (int i = 0; i < take; i++) {
                    int length = rowStarts[nextRow + i + 1] - rowStarts[nextRow + i];
                    listCounts[r + i] = length;
                    total += length;
                    listOffsets[r + i + 1] = total;
                }
                entry = to;
                value = to;
                nextRow += take;
                r += take;
                continue;
            }
            total = nextListRow(r, total);
            r++;
        }
    }

    /** Reads one list row entry by entry, across pages; returns the values written so far. */
    private int nextListRow(int r, int total) throws IOException {
        int k = 0;
        int seen = 0;
        while (true) {
            int[] rep = page.repetition;
            int[] def = page.definition;
            int[] source = page.ints;
            int end = page.entries;
            int e = entry;
            int v = value;
            do {
                seen++;
                if (page.allPresent || def[e] == page.maxDefinition) {
                    if (total == listValues.length) {
                        listValues = java.util.Arrays.copyOf(listValues, 2 * total + 16);
                    }
                    listValues[total++] = source[v++];
                    k++;
                }
                e++;
            } while (e < end && rep[e] > 0);
            entry = e;
            value = v;
            if (e < end) {
                break; // the next entry starts the next row
            }
            nextPage();
            if (exhausted || page.repetition[0] == 0) {
                break; // the row ended with the page
            }
        }
        while (nextRow < page.pageRows && page.rowStarts[nextRow] < entry) {
            nextRow++;
        }
        // A lone entry without a value is a null or empty list; otherwise it is a null element.
        listCounts[r] = seen > 1 && seen != k ? -1 : k;
        listOffsets[r + 1] = total;
        return total;
    }

    private void requireEntries() {
        if (exhausted) {
            throw new ParquetDecodingException("column " + page.column + " ends before the rows of its row group");
        }
    }

    private void growRowOutputs(int rows) {
        if (rowNull.length < rows) {
            rowNull = new boolean[rows];
            rowInts = new int[rows];
            rowLongs = page.type == PrimitiveTypeName.INT64 ? new long[rows] : rowLongs;
            rowBinaries = page.type == PrimitiveTypeName.BINARY ? new Binary[rows] : rowBinaries;
        }
    }

    private void nextPage() throws IOException {
        entry = 0;
        value = 0;
        nextRow = 0;
        DataPage next;
        do {
            next = pages.readPage();
        } while (next != null && page.load(next) == 0);
        exhausted = next == null;
    }
}
