package io.moereplay.model.trace;

import java.util.List;

/**
 * One inference request of a request trace.
 *
 * @param id request id, unique within its trace (row index where the trace has no id column)
 * @param arrivalMicros arrival time in microseconds (since the epoch for wall-clock traces, since
 *     the trace start for relative ones)
 * @param inputTokens prompt tokens, at least 0
 * @param outputTokens generated tokens, at least 0
 * @param prefixBlockHashes prefix-cache block hashes in prompt order (Mooncake: 512 tokens per
 *     block); empty where the trace has none
 */
public record Request(
        long id, long arrivalMicros, int inputTokens, int outputTokens, List<Long> prefixBlockHashes) {

    public Request {
        if (id < 0) {
            throw new IllegalArgumentException("request id " + id + " is negative");
        }
        if (arrivalMicros < 0) {
            throw new IllegalArgumentException(
                    "arrival time " + arrivalMicros + " us is negative");
        }
        if (inputTokens < 0) {
            throw new IllegalArgumentException("input tokens " + inputTokens + " is negative");
        }
        if (outputTokens < 0) {
            throw new IllegalArgumentException("output tokens " + outputTokens + " is negative");
        }
        prefixBlockHashes = List.copyOf(prefixBlockHashes);
    }

    /** A request without prefix-block hashes. */
    public Request(long id, long arrivalMicros, int inputTokens, int outputTokens) {
        this(id, arrivalMicros, inputTokens, outputTokens, List.of());
    }
}
