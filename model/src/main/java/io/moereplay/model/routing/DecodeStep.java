package io.moereplay.model.routing;

/**
 * One decode iteration of a continuous batch: each running request generates one token.
 *
 * <p>{@code requests[i]} is the i-th running request's index in the replay's request list (sorted
 * by arrival, then id) and {@code positions[i]} which of its decode tokens this is (0 = the first
 * token after prefill). The arrays belong to the step; routers read them and never keep them.
 *
 * @param index the step's number in the replay, from 0
 * @param startMicros when the step starts, on the request trace's clock
 * @param requests running requests, by replay index
 * @param positions each running request's decode token, from 0
 */
public record DecodeStep(long index, long startMicros, int[] requests, int[] positions) {

    public DecodeStep {
        if (index < 0) {
            throw new IllegalArgumentException("step index " + index + " is negative");
        }
        if (requests.length != positions.length) {
            throw new IllegalArgumentException("step " + index + " has " + requests.length
                    + " requests but " + positions.length + " positions");
        }
    }

    /** Tokens in the step: one per running request. */
    public int tokens() {
        return requests.length;
    }

    /** A step of {@code tokens} anonymous tokens, for routers that need no request identity. */
    public static DecodeStep ofTokens(long index, long startMicros, int tokens) {
        return new DecodeStep(index, startMicros, new int[tokens], new int[tokens]);
    }
}
