package io.moereplay.model.cost;

/**
 * One request's latencies in a serving replay.
 *
 * @param id the request's id in its trace
 * @param arrivalMicros when it arrived
 * @param outputTokens tokens it generated
 * @param ttftMicros arrival to its first token (queueing and prefill)
 * @param tpotMicros mean time between its later tokens; 0 for a one-token request
 * @param maxTbtMicros its slowest decode step; 0 for a one-token request
 * @param e2eMicros arrival to its last token
 */
public record RequestLatency(long id, long arrivalMicros, int outputTokens, double ttftMicros, double tpotMicros,
        double maxTbtMicros, double e2eMicros) {}
