package io.moereplay.model.synthetic;

/**
 * Everything that decides a synthetic trace: the same spec (seed included) gives the same trace.
 *
 * <p>Requests arrive as a Poisson process; each routes some of its tokens through every layer:
 * the first {@code prefillTokensPerRequest} prompt tokens and the first
 * {@code decodeTokensPerRequest} generated tokens (each capped by the request's own counts). With
 * a {@code decisions} target, those routable tokens are then scaled down in proportion so that the
 * trace holds {@code floor(decisions / (layers * topK))} routed tokens in all.
 *
 * @param requests request count, at least 1
 * @param meanInterarrivalMs mean gap between arrivals in milliseconds (exponential gaps), at least 0
 * @param inputTokens prompt tokens per request
 * @param outputTokens generated tokens per request
 * @param layers MoE layers, numbered 0..layers-1
 * @param experts experts per layer
 * @param topK experts chosen per token and layer, in [1, experts]
 * @param zipfExponent Zipf exponent s of expert popularity, in [0, 10]; 0 = uniform
 * @param prefillTokensPerRequest prompt tokens routed per request (at most its prompt), at least 0
 * @param decodeTokensPerRequest generated tokens routed per request (at most its output), at least
 *     0; {@link #ALL_TOKENS} for all of them
 * @param decisions target routing decisions (tokens x layers x k) for the whole trace; 0 = none
 * @param gateWeights whether rows carry gate weights
 * @param seed the seed of every random draw
 */
public record SyntheticTraceSpec(
        int requests,
        double meanInterarrivalMs,
        TokenDistribution inputTokens,
        TokenDistribution outputTokens,
        int layers,
        int experts,
        int topK,
        double zipfExponent,
        int prefillTokensPerRequest,
        int decodeTokensPerRequest,
        long decisions,
        boolean gateWeights,
        long seed) {

    /** {@code decodeTokensPerRequest} value that routes every generated token. */
    public static final int ALL_TOKENS = Integer.MAX_VALUE;

    public SyntheticTraceSpec {
        if (requests < 1) {
            throw new IllegalArgumentException("requests " + requests + " must be at least 1");
        }
        if (!(meanInterarrivalMs >= 0 && meanInterarrivalMs <= 3.6e9)) {
            throw new IllegalArgumentException(
                    "mean inter-arrival " + meanInterarrivalMs + " ms is not in [0, 3.6e9]");
        }
        if (inputTokens == null || outputTokens == null) {
            throw new IllegalArgumentException("token distributions are missing");
        }
        if (layers < 1 || layers > 10_000) {
            throw new IllegalArgumentException("layers " + layers + " is not in [1, 10000]");
        }
        if (experts < 1 || experts > 100_000) {
            throw new IllegalArgumentException("experts " + experts + " is not in [1, 100000]");
        }
        if (topK < 1 || topK > experts) {
            throw new IllegalArgumentException("top-k " + topK + " is not in [1, " + experts + "]");
        }
        if (!(zipfExponent >= 0 && zipfExponent <= 10)) {
            throw new IllegalArgumentException("Zipf exponent " + zipfExponent + " is not in [0, 10]");
        }
        if (prefillTokensPerRequest < 0) {
            throw new IllegalArgumentException(
                    "prefill tokens per request " + prefillTokensPerRequest + " is negative");
        }
        if (decodeTokensPerRequest < 0) {
            throw new IllegalArgumentException(
                    "decode tokens per request " + decodeTokensPerRequest + " is negative");
        }
        if (decisions < 0) {
            throw new IllegalArgumentException("decisions target " + decisions + " is negative");
        }
        if (decisions > 0 && decisions < (long) layers * topK) {
            throw new IllegalArgumentException("decisions target " + decisions + " is below one token's "
                    + (long) layers * topK + " (layers x top-k)");
        }
    }

    /** Decisions one routed token makes: one row per layer, k choices per row. */
    public long decisionsPerToken() {
        return (long) layers * topK;
    }
}
