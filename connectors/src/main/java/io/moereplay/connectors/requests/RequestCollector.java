package io.moereplay.connectors.requests;

import io.moereplay.model.trace.Reject;
import io.moereplay.model.trace.Request;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Accumulates one file's requests and rejects; every row read goes to exactly one of the two, so
 * {@link RequestReadResult}'s rows-read check holds by construction.
 */
final class RequestCollector {

    private final String fileName;
    private final List<Request> requests = new ArrayList<>();
    private final List<Reject> rejects = new ArrayList<>();
    private final Map<Long, Long> rowOfId = new HashMap<>();

    RequestCollector(String fileName) {
        this.fileName = fileName;
    }

    void accept(Request request) {
        requests.add(request);
    }

    void reject(long row, String field, String reason) {
        rejects.add(new Reject(fileName, row, field, reason));
    }

    /** Rejects a blank line between data lines: it may be a truncated record. */
    void rejectBlankLine(long row, String text) {
        reject(row, "", "blank line");
    }

    void reject(long row, BadField bad) {
        reject(row, bad.field(), bad.reason());
    }

    /**
     * Claims a request id for a row, for formats whose ids come from the file.
     *
     * @throws BadField when an earlier row already holds the id; the first row keeps it
     */
    void claimId(String field, long id, long row) throws BadField {
        Long earlier = rowOfId.putIfAbsent(id, row);
        if (earlier != null) {
            throw new BadField(field, "request id " + id + " duplicates row " + earlier);
        }
    }

    RequestReadResult result() {
        return new RequestReadResult(requests, rejects, (long) requests.size() + rejects.size());
    }
}
