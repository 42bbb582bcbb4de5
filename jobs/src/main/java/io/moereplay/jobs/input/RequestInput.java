package io.moereplay.jobs.input;

import io.moereplay.connectors.io.FlinkTraceFile;
import io.moereplay.connectors.io.TraceFormatException;
import io.moereplay.connectors.requests.RequestFormat;
import io.moereplay.connectors.requests.RequestReadResult;
import io.moereplay.connectors.requests.RequestTraceReader;
import io.moereplay.model.trace.FileReadStats;
import io.moereplay.model.trace.RequestArrivals;
import org.apache.flink.core.fs.Path;

import java.io.IOException;

/**
 * A request trace, read on the client before the job starts: it is small next to routing traces
 * (a million requests is tens of megabytes) and every task needs all of it.
 */
public record RequestInput(RequestReadResult result, FileReadStats stats) {

    /**
     * @param location the trace file (local path, s3://, hdfs://)
     * @param formatOverride format name, or null to detect it from the file
     */
    public static RequestInput read(String location, String formatOverride) throws IOException {
        FlinkTraceFile file = new FlinkTraceFile(new Path(location));
        if (file.isFolder()) {
            throw new TraceFormatException(file.name(), "is a folder; a request trace is one file ("
                    + RequestFormat.labels() + "): name the file itself");
        }
        RequestFormat format = formatOverride != null ? RequestFormat.parse(formatOverride) : RequestFormat.detect(file);
        RequestReadResult result = RequestTraceReader.of(format).read(file);
        if (result.rowsRead() == 0) {
            throw InputRows.noRows(file.name(), format.expected()); // a CSV of its header alone
        }
        FileReadStats stats = new FileReadStats(file.name(), "requests:" + format.label(),
                result.rowsRead(), result.requests().size(), result.rejects().size(), 0);
        return new RequestInput(result, stats);
    }

    public RequestArrivals arrivals() {
        return RequestArrivals.of(result.requests());
    }
}
