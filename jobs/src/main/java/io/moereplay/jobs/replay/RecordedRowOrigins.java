package io.moereplay.jobs.replay;

import io.moereplay.jobs.input.RoutingInputs;
import io.moereplay.jobs.input.RoutingTraceScan;
import io.moereplay.model.routing.RecordedRouting;
import io.moereplay.model.trace.Reject;

import java.util.Arrays;

/**
 * Where each row handed to a recorded routing came from (file, row, request, k), 17 bytes a row,
 * so that the rows of requests the trace leaves out (missing from some layer) can be rejected
 * after it is built: rows read = rows used + rows rejected holds for recorded replay too.
 */
final class RecordedRowOrigins {

    private long[] requestIds = new long[64];
    private long[] rows = new long[64];
    private int[] files = new int[64];
    private byte[] ks = new byte[64];
    private int size;

    void add(int fileIndex, long row, long requestId, int k) {
        if (size == rows.length) {
            requestIds = Arrays.copyOf(requestIds, size * 2);
            rows = Arrays.copyOf(rows, size * 2);
            files = Arrays.copyOf(files, size * 2);
            ks = Arrays.copyOf(ks, size * 2);
        }
        requestIds[size] = requestId;
        rows[size] = row;
        files[size] = fileIndex;
        ks[size] = (byte) k; // k is at most the model's top-k, well under 128
        size++;
    }

    /** Moves every row of a request {@code trace} left out into {@code scan}'s rejects, in read order. */
    void rejectLeftOut(RecordedRouting trace, RoutingInputs inputs, RoutingTraceScan scan) {
        if (trace.incompleteRequests() == 0) {
            return;
        }
        for (int i = 0; i < size; i++) {
            int missing = trace.missingLayer(requestIds[i]);
            if (missing >= 0) {
                String file = inputs.files().get(files[i]).toString();
                scan.leaveOut(files[i], new Reject(file, rows[i], "request_id", "request " + requestIds[i]
                        + " has no decision at layer " + inputs.shape().layerId(missing)
                        + ": replayed requests need every layer"), ks[i]);
            }
        }
    }
}
