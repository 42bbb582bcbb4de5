package io.moereplay.connectors.requests;

import io.moereplay.connectors.parquet.Column;
import io.moereplay.connectors.parquet.ColumnType;
import io.moereplay.connectors.parquet.TableSchema;
import io.moereplay.model.trace.Request;

import java.util.List;

/**
 * The canonical request table: one row per request, in any order. Jobs that convert a CSV or
 * JSONL trace write this table, and {@link ParquetRequestReader} reads it back.
 */
public final class RequestTable {

    public static final String REQUEST_ID = "request_id";
    public static final String ARRIVAL_US = "arrival_us";
    public static final String INPUT_TOKENS = "input_tokens";
    public static final String OUTPUT_TOKENS = "output_tokens";
    public static final String PREFIX_BLOCK_HASHES = "prefix_block_hashes";

    /** The columns the reader needs; {@link #PREFIX_BLOCK_HASHES} may be absent. */
    public static final List<String> REQUIRED =
            List.of(REQUEST_ID, ARRIVAL_US, INPUT_TOKENS, OUTPUT_TOKENS);

    /** The table's schema; written with {@code TableParquetWriters.open(SCHEMA, path, meta)}. */
    public static final TableSchema<Request> SCHEMA = new TableSchema<>("requests", List.of(
            Column.required(REQUEST_ID, ColumnType.INT64,
                    "request id, unique within the trace", Request::id),
            Column.required(ARRIVAL_US, ColumnType.INT64,
                    "arrival time in microseconds (since the epoch for wall-clock traces, since the"
                            + " trace start for relative ones)",
                    Request::arrivalMicros),
            Column.required(INPUT_TOKENS, ColumnType.INT32,
                    "prompt tokens", Request::inputTokens),
            Column.required(OUTPUT_TOKENS, ColumnType.INT32,
                    "generated tokens", Request::outputTokens),
            Column.optional(PREFIX_BLOCK_HASHES, ColumnType.INT64_LIST,
                    "prefix-cache block hashes in prompt order (Mooncake: 512 tokens per block);"
                            + " empty or null where the trace has none",
                    Request::prefixBlockHashes)));

    private RequestTable() {}
}
