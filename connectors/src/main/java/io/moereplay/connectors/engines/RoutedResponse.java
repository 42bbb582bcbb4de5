package io.moereplay.connectors.engines;

import java.util.List;

/**
 * One engine response's routed experts, whatever the engine: the id it was answered under and the
 * runs of sequence positions whose routing it returned.
 *
 * @param id the response's id ({@code id}, or SGLang's {@code meta_info.id}), or null
 * @param requestId the line's own {@code request_id}, which the user may add to join a request
 *     trace, or null
 * @param promptTokens prompt length: positions below it are prefill, or -1 when unknown
 * @param cachedTokens leading prompt positions served from the prefix cache, 0 when not reported
 * @param segments the returned runs, in the order the response holds them
 */
record RoutedResponse(String id, Long requestId, int promptTokens, int cachedTokens, List<Segment> segments) {

    /**
     * A run of positions: block row {@code r} is sequence position {@code firstPosition + r}.
     *
     * @param field where it sits in the response, for rejects
     * @param choice the choice index (0 for the prompt and for SGLang)
     */
    record Segment(String field, int choice, int firstPosition, ExpertIdBlock ids) {}
}
