package io.moereplay.connectors.requests;

import io.moereplay.model.trace.Reject;
import io.moereplay.model.trace.Request;

import java.util.List;

/**
 * What one request-trace file yielded: its requests in file order, its rejected rows in file
 * order, and how many data rows it had. Header lines and trailing blank lines are not rows.
 *
 * @param requests the requests built from good rows
 * @param rejects one reject per bad row
 * @param rowsRead data rows read; always {@code requests.size() + rejects.size()}
 */
public record RequestReadResult(List<Request> requests, List<Reject> rejects, long rowsRead) {

    public RequestReadResult {
        requests = List.copyOf(requests);
        rejects = List.copyOf(rejects);
        if (rowsRead != (long) requests.size() + rejects.size()) {
            throw new IllegalArgumentException(
                    rowsRead + " rows read but " + requests.size() + " requests and "
                            + rejects.size() + " rejects: some rows were lost");
        }
    }
}
