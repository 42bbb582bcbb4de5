package io.moereplay.model.trace;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Collection;

/**
 * Arrival time by request id, for placing a routing trace's tokens into time windows. Held as
 * two sorted arrays (16 bytes a request, no boxing) so it ships cheaply to every reader.
 */
public final class RequestArrivals implements Serializable {

    private static final long serialVersionUID = 1L;

    private final long[] ids;
    private final long[] arrivalMicros;

    private RequestArrivals(long[] ids, long[] arrivalMicros) {
        this.ids = ids;
        this.arrivalMicros = arrivalMicros;
    }

    /** The arrivals of the given requests; ids must be unique. */
    public static RequestArrivals of(Collection<Request> requests) {
        Request[] sorted = requests.toArray(Request[]::new);
        Arrays.sort(sorted, (a, b) -> Long.compare(a.id(), b.id()));
        long[] ids = new long[sorted.length];
        long[] arrivals = new long[sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            if (i > 0 && sorted[i].id() == sorted[i - 1].id()) {
                throw new IllegalArgumentException("request id " + sorted[i].id() + " appears twice");
            }
            ids[i] = sorted[i].id();
            arrivals[i] = sorted[i].arrivalMicros();
        }
        return new RequestArrivals(ids, arrivals);
    }

    /** The request's arrival in microseconds, or -1 when the trace has no such request. */
    public long arrivalMicros(long requestId) {
        int at = Arrays.binarySearch(ids, requestId);
        return at >= 0 ? arrivalMicros[at] : -1;
    }

    public int size() {
        return ids.length;
    }
}
