package io.moereplay.connectors.routing;

import org.apache.parquet.bytes.ByteBufferInputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.bytes.BytesUtils;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ValuesType;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.values.ValuesReader;
import org.apache.parquet.io.ParquetDecodingException;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One data page of one leaf column, decoded whole into arrays: an entry is a value or a null, and
 * for a list column one element, an empty list or a null list. One instance serves all pages of
 * a column chunk, reusing its arrays; {@link PageColumn} reads rows off it.
 *
 * <p>The common encodings are decoded here in tight loops: RLE levels, dictionary ids and PLAIN
 * values. Anything else (bit-packed levels, delta or byte-stream-split values) goes through
 * parquet-mr's own readers, value by value, so every valid file reads.
 *
 * <p>Only the column types of the routing table are supported: INT32, INT64, FLOAT and BINARY.
 */
final class DecodedPage {

    final ColumnDescriptor column;
    final PrimitiveTypeName type;
    final int maxRepetition;
    final int maxDefinition;
    private final Binary[] known;
    private final ChunkFacts facts;

    // The dictionary, decoded; null without one. INT32 values, FLOAT raw bits, BINARY codes.
    private int[] dictionaryInts;
    private long[] dictionaryLongs;
    private Binary[] dictionaryBinaries;
    // True when every dictionary value is a known one: its pages need only the codes.
    private boolean dictionaryAllKnown;

    // The page: levels per entry; values per non-null entry, as ints for INT32, FLOAT (raw bits)
    // and BINARY (codes, beside the values themselves), as longs for INT64.
    int entries;
    int[] repetition = new int[0];
    int[] definition = new int[0];
    int[] ints = new int[0];
    long[] longs = new long[0];
    Binary[] binaries = new Binary[0];
    /** BINARY: true when every value of the page is a known one, so {@link #binaries} is left unfilled. */
    boolean codesOnly;
    /** True when every entry holds a value: value i is entry i (and {@link #definition} may be left undecoded). */
    boolean allPresent;
    /** Repeated columns: the entries that start a row (repetition level 0), then {@link #entries}. */
    int[] rowStarts = new int[0];
    /** Repeated columns: the rows that start in the page. */
    int pageRows;

    private int[] ids = new int[0];
    private byte[] scratch = new byte[0];

    /**
     * @param known for a BINARY column, values to recognise: a value's int is its index here, or
     *     -1; null for other columns
     * @param facts what the column chunk's statistics prove, so that work they make redundant is skipped
     */
    DecodedPage(ColumnDescriptor column, Binary[] known, ChunkFacts facts) {
        this.column = column;
        this.type = column.getPrimitiveType().getPrimitiveTypeName();
        this.maxRepetition = column.getMaxRepetitionLevel();
        this.maxDefinition = column.getMaxDefinitionLevel();
        this.known = known == null ? new Binary[0] : known;
        this.facts = facts;
    }

    /** Decodes the column chunk's dictionary page, if it has one (null). */
    void readDictionary(DictionaryPage page) throws IOException {
        if (page == null || facts.skipValues()) {
            return;
        }
        Dictionary dictionary = page.getEncoding().initDictionary(column, page);
        int size = dictionary.getMaxId() + 1;
        switch (type) {
            case INT32 -> {
                dictionaryInts = new int[size];
                for (int id = 0; id < size; id++) {
                    dictionaryInts[id] = dictionary.decodeToInt(id);
                }
            }
            case INT64 -> {
                dictionaryLongs = new long[size];
                for (int id = 0; id < size; id++) {
                    dictionaryLongs[id] = dictionary.decodeToLong(id);
                }
            }
            case FLOAT -> {
                dictionaryInts = new int[size];
                for (int id = 0; id < size; id++) {
                    dictionaryInts[id] = Float.floatToRawIntBits(dictionary.decodeToFloat(id));
                }
            }
            case BINARY -> {
                dictionaryBinaries = new Binary[size];
                dictionaryInts = new int[size];
                for (int id = 0; id < size; id++) {
                    // Copied: the decompressor reuses the page's buffer for the next page.
                    dictionaryBinaries[id] = Binary.fromConstantByteArray(dictionary.decodeToBinary(id).getBytes());
                    dictionaryInts[id] = codeOf(dictionaryBinaries[id]);
                }
                dictionaryAllKnown = java.util.Arrays.stream(dictionaryInts).allMatch(code -> code >= 0);
            }
            default -> throw unsupported();
        }
    }

    /**
     * Decodes a data page whole: its levels, and its values (dictionary ids resolved).
     *
     * @return the page's entries
     */
    int load(DataPage page) throws IOException {
        entries = page.getValueCount();
        repetition = grow(repetition, entries);
        definition = grow(definition, entries);
        if (page instanceof DataPageV1 v1) {
            ByteBufferInputStream in = v1.getBytes().toInputStream();
            readLevels(in, v1.getRlEncoding(), ValuesType.REPETITION_LEVEL, maxRepetition, repetition);
            readLevels(in, v1.getDlEncoding(), ValuesType.DEFINITION_LEVEL, maxDefinition, definition);
            readValues(in, v1.getValueEncoding());
        } else if (page instanceof DataPageV2 v2) {
            readHybrid(v2.getRepetitionLevels(), maxRepetition, repetition);
            readHybrid(v2.getDefinitionLevels(), maxDefinition, definition);
            readValues(v2.getData().toInputStream(), v2.getDataEncoding());
        } else {
            throw new ParquetDecodingException("column " + column + ": unknown page type " + page.getClass());
        }
        if (maxRepetition > 0) {
            findRowStarts();
        }
        return entries;
    }

    private void findRowStarts() {
        rowStarts = grow(rowStarts, entries + 1);
        int rows = 0;
        for (int e = 0; e < entries; e++) {
            if (repetition[e] == 0) {
                rowStarts[rows++] = e;
            }
        }
        rowStarts[rows] = entries; // the end of the page's last row, as far as this page goes
        pageRows = rows;
    }


    /** Data page v1 levels: RLE with a 4-byte length, else (bit-packed) through parquet-mr. */
    private void readLevels(ByteBufferInputStream in, Encoding encoding, ValuesType kind, int max, int[] out)
            throws IOException {
        if (max == 0) {
            return;
        }
        if (encoding == Encoding.RLE) {
            int length = BytesUtils.readIntLittleEndian(in);
            if (kind == ValuesType.DEFINITION_LEVEL && facts.noNulls()) {
                // Every entry of the chunk holds a value: its definition levels are all the maximum,
                // left undecoded as allPresent says so.
                in.skipFully(length);
                return;
            }
            decodeHybrid(in.slice(length), 0, BytesUtils.getWidthFromMaxInt(max), out, entries);
            return;
        }
        ValuesReader reader = encoding.getValuesReader(column, kind);
        reader.initFromPage(entries, in);
        for (int i = 0; i < entries; i++) {
            out[i] = reader.readInteger();
        }
    }

    /** Data page v2 levels: always RLE, without a length. */
    private void readHybrid(BytesInput levels, int max, int[] out) throws IOException {
        if (max == 0) {
            return;
        }
        decodeHybrid(levels.toByteBuffer(), 0, BytesUtils.getWidthFromMaxInt(max), out, entries);
    }

    private void readValues(ByteBufferInputStream in, Encoding encoding) throws IOException {
        int present = entries;
        if (maxDefinition > 0 && !facts.noNulls()) {
            present = 0;
            for (int i = 0; i < entries; i++) {
                present += definition[i] == maxDefinition ? 1 : 0;
            }
        }
        allocate(present);
        allPresent = present == entries;
        codesOnly = false;
        if (facts.skipValues()) {
            return; // never written, so they stay 0 (0.0f for FLOAT)
        }
        if (encoding.usesDictionary()) {
            readDictionaryIds(in, present);
        } else if (encoding == Encoding.PLAIN) {
            readPlain(in, present);
        } else {
            readWithParquet(in, encoding, present);
        }
    }

    private void readDictionaryIds(ByteBufferInputStream in, int present) throws IOException {
        if (dictionaryInts == null && dictionaryLongs == null) {
            throw new ParquetDecodingException("column " + column + " is dictionary-encoded but has no dictionary page");
        }
        if (present == 0) {
            return;
        }
        ByteBuffer data = in.slice(in.available());
        if (!data.hasRemaining()) {
            throw new ParquetDecodingException("column " + column + ": a dictionary-encoded page has no data");
        }
        ids = grow(ids, present);
        // One byte of bit width, then the ids.
        decodeHybrid(data, 1, data.get(data.position()) & 0xFF, ids, present);
        try {
            if (type == PrimitiveTypeName.INT64) {
                for (int i = 0; i < present; i++) {
                    longs[i] = dictionaryLongs[ids[i]];
                }
            } else {
                for (int i = 0; i < present; i++) {
                    ints[i] = dictionaryInts[ids[i]];
                }
                // Known values are read by their code alone (phase: prefill, decode).
                codesOnly = type == PrimitiveTypeName.BINARY && dictionaryAllKnown;
                if (type == PrimitiveTypeName.BINARY && !codesOnly) {
                    for (int i = 0; i < present; i++) {
                        binaries[i] = dictionaryBinaries[ids[i]];
                    }
                }
            }
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new ParquetDecodingException("column " + column + ": a dictionary id is outside its dictionary", e);
        }
    }

    private void readPlain(ByteBufferInputStream in, int present) throws IOException {
        switch (type) {
            case INT32 -> {
                ByteBuffer buffer = in.slice(4 * present).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < present; i++) {
                    ints[i] = buffer.getInt(buffer.position() + 4 * i);
                }
            }
            case INT64 -> {
                ByteBuffer buffer = in.slice(8 * present).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < present; i++) {
                    longs[i] = buffer.getLong(buffer.position() + 8 * i);
                }
            }
            case FLOAT -> {
                ByteBuffer buffer = in.slice(4 * present).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < present; i++) {
                    ints[i] = buffer.getInt(buffer.position() + 4 * i); // the float's raw bits
                }
            }
            default -> {
                for (int i = 0; i < present; i++) {
                    int length = BytesUtils.readIntLittleEndian(in);
                    binaries[i] = Binary.fromConstantByteArray(bytes(in.slice(length)));
                    ints[i] = codeOf(binaries[i]);
                }
            }
        }
    }

    private void readWithParquet(ByteBufferInputStream in, Encoding encoding, int present) throws IOException {
        ValuesReader reader = encoding.getValuesReader(column, ValuesType.VALUES);
        reader.initFromPage(entries, in);
        for (int i = 0; i < present; i++) {
            switch (type) {
                case INT32 -> ints[i] = reader.readInteger();
                case INT64 -> longs[i] = reader.readLong();
                case FLOAT -> ints[i] = Float.floatToRawIntBits(reader.readFloat());
                default -> {
                    binaries[i] = Binary.fromConstantByteArray(reader.readBytes().getBytes());
                    ints[i] = codeOf(binaries[i]);
                }
            }
        }
    }

    private void allocate(int present) {
        switch (type) {
            case INT32, FLOAT -> ints = grow(ints, present);
            case INT64 -> longs = present > longs.length ? new long[present] : longs;
            case BINARY -> {
                binaries = present > binaries.length ? new Binary[present] : binaries;
                ints = grow(ints, present);
            }
            default -> throw unsupported();
        }
    }

    private int codeOf(Binary binary) {
        for (int i = 0; i < known.length; i++) {
            if (known[i].equals(binary)) {
                return i;
            }
        }
        return -1;
    }

    private ParquetDecodingException unsupported() {
        return new ParquetDecodingException("column " + column + " has type " + type
                + "; only INT32, INT64, FLOAT and BINARY are read");
    }

    private static int[] grow(int[] array, int size) {
        return size > array.length ? new int[size] : array;
    }

    /** Decodes hybrid-encoded values from a buffer's remaining bytes, after {@code skip} bytes. */
    private void decodeHybrid(ByteBuffer buffer, int skip, int bitWidth, int[] out, int count) {
        if (buffer.hasArray()) {
            int from = buffer.arrayOffset() + buffer.position();
            RleHybridDecoder.decode(buffer.array(), from + skip, from + buffer.remaining(), bitWidth, out, count);
        } else {
            // A direct buffer (from the direct decompressor): copied into a reused array.
            int length = buffer.remaining();
            if (scratch.length < length) {
                scratch = new byte[Math.max(length, 2 * scratch.length)];
            }
            buffer.duplicate().get(scratch, 0, length);
            RleHybridDecoder.decode(scratch, skip, length, bitWidth, out, count);
        }
    }

    /** The buffer's remaining bytes, copied. */
    private static byte[] bytes(ByteBuffer buffer) {
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return copy;
    }
}
