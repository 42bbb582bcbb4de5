package io.moereplay.jobs.output;

import io.moereplay.connectors.parquet.Column;
import io.moereplay.connectors.parquet.ColumnType;
import io.moereplay.connectors.parquet.TableSchema;
import io.moereplay.model.trace.Reject;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.util.List;

/** Schema of the {@code rejects} table, written by every job that reads traces. */
public final class RejectsTable {

    public static final String NAME = "rejects";

    private RejectsTable() {}

    public static TableSchema<Reject> schema(String runId) {
        return new TableSchema<>(NAME, List.of(
                Column.required("run_id", ColumnType.STRING, "the run that wrote the row", r -> runId),
                Column.required("source_file", ColumnType.STRING, "the input file", Reject::sourceFile),
                Column.required("row_number", ColumnType.INT64,
                        "1-based line (text), row (Parquet) or entry (nested JSON) number", Reject::row),
                Column.required("field", ColumnType.STRING,
                        "the offending field, or the entry's position in a nested JSON document; empty when the whole row is bad",
                        Reject::field),
                Column.required("reason", ColumnType.STRING, "what was wrong, naming the value", Reject::reason)));
    }

    /**
     * Writes rejects collected on the client (request traces, routing traces read before the job)
     * as the job's {@code rejects} table; none writes nothing, and the committer leaves the table
     * empty with its schema.
     */
    public static void write(StreamExecutionEnvironment env, List<Reject> rejects, String runId, Path staging) {
        if (!rejects.isEmpty()) {
            TableSinks.parquet(env.fromData(rejects, TypeInformation.of(Reject.class)).name("rejects"),
                    schema(runId), staging);
        }
    }
}
