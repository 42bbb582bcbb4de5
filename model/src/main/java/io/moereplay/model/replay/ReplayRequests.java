package io.moereplay.model.replay;

import io.moereplay.model.trace.Request;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;

/**
 * The requests of a replay in the order the scheduler serves them: by arrival time, ties by id.
 * A request's index in this order is how decode steps and routing models name it. Held as
 * parallel arrays (24 bytes a request) so a replay ships cheaply to every parallel task.
 */
public final class ReplayRequests implements Serializable {

    private static final long serialVersionUID = 1L;

    private final long[] ids;
    private final long[] arrivalMicros;
    private final int[] inputTokens;
    private final int[] outputTokens;

    private ReplayRequests(long[] ids, long[] arrivalMicros, int[] inputTokens, int[] outputTokens) {
        this.ids = ids;
        this.arrivalMicros = arrivalMicros;
        this.inputTokens = inputTokens;
        this.outputTokens = outputTokens;
    }

    /** The requests in serving order; ids must be unique. */
    public static ReplayRequests of(Collection<Request> requests) {
        Request[] sorted = requests.toArray(Request[]::new);
        Arrays.sort(sorted, Comparator.comparingLong(Request::arrivalMicros).thenComparingLong(Request::id));
        long[] ids = new long[sorted.length];
        long[] arrivals = new long[sorted.length];
        int[] inputs = new int[sorted.length];
        int[] outputs = new int[sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            ids[i] = sorted[i].id();
            arrivals[i] = sorted[i].arrivalMicros();
            inputs[i] = sorted[i].inputTokens();
            outputs[i] = sorted[i].outputTokens();
        }
        long[] byId = ids.clone();
        Arrays.sort(byId);
        for (int i = 1; i < byId.length; i++) {
            if (byId[i] == byId[i - 1]) {
                throw new IllegalArgumentException("request id " + byId[i] + " appears twice");
            }
        }
        return new ReplayRequests(ids, arrivals, inputs, outputs);
    }

    public int size() {
        return ids.length;
    }

    public long id(int index) {
        return ids[index];
    }

    public long arrivalMicros(int index) {
        return arrivalMicros[index];
    }

    public int inputTokens(int index) {
        return inputTokens[index];
    }

    public int outputTokens(int index) {
        return outputTokens[index];
    }

    /**
     * Tokens the request generates in decode steps: all but the first output token, which its
     * prefill produces.
     */
    public int decodeTokens(int index) {
        return Math.max(outputTokens[index] - 1, 0);
    }

    /**
     * The context the step's sequences attend over, summed: each running request's prompt plus the
     * tokens it has generated so far (its prefill token included).
     */
    public long contextTokens(io.moereplay.model.routing.DecodeStep step) {
        long total = 0;
        int[] requests = step.requests();
        int[] positions = step.positions();
        for (int i = 0; i < requests.length; i++) {
            total += inputTokens[requests[i]] + positions[i] + 1;
        }
        return total;
    }

    /** Decode tokens of all requests. */
    public long totalDecodeTokens() {
        long total = 0;
        for (int i = 0; i < ids.length; i++) {
            total += decodeTokens(i);
        }
        return total;
    }
}
