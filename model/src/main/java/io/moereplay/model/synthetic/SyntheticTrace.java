package io.moereplay.model.synthetic;

import io.moereplay.model.trace.Phase;
import io.moereplay.model.trace.Request;
import io.moereplay.model.trace.TraceShape;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A seeded synthetic trace: a request trace, held in memory (a few dozen bytes a request), and
 * a routing trace, generated row by row on demand into a {@link DecisionSink}.
 *
 * <p>Request ids are 0-based row indices, as in Azure-style request traces. The routing rows of a
 * request are its routed tokens in position order, each at every layer in layer order: prefill
 * tokens at positions {@code 0..p-1}, then decode tokens at {@code input..input+d-1}.
 *
 * <p>Every request draws from its own random streams ({@link SplitMix64#stream}), so any range of
 * requests can be generated alone, in any order or in parallel, with the same result.
 */
public final class SyntheticTrace {

    private final SyntheticTraceSpec spec;
    private final ZipfRouter router;
    private final List<Request> requests;
    private final int[] prefillTokens;
    private final int[] decodeTokens;
    private final long[] firstRow;

    private SyntheticTrace(SyntheticTraceSpec spec, List<Request> requests, int[] prefill, int[] decode) {
        this.spec = spec;
        this.router = new ZipfRouter(spec.layers(), spec.experts(), spec.zipfExponent(), spec.seed());
        this.requests = Collections.unmodifiableList(requests);
        this.prefillTokens = prefill;
        this.decodeTokens = decode;
        this.firstRow = new long[requests.size() + 1];
        for (int i = 0; i < requests.size(); i++) {
            firstRow[i + 1] = firstRow[i] + (long) (prefill[i] + decode[i]) * spec.layers();
        }
    }

    /**
     * Draws the requests and decides how many of each request's tokens are routed.
     *
     * @throws IllegalArgumentException when a decisions target needs more tokens than the requests have
     */
    public static SyntheticTrace generate(SyntheticTraceSpec spec) {
        // Step 1: arrivals (Poisson, the first at 0) and token counts, one stream per request.
        int n = spec.requests();
        List<Request> requests = new ArrayList<>(n);
        long arrivalMicros = 0;
        double meanGapMicros = spec.meanInterarrivalMs() * 1000.0;
        int[] prefill = new int[n];
        int[] decode = new int[n];
        for (int i = 0; i < n; i++) {
            SplitMix64 random = SplitMix64.stream(spec.seed(), Streams.REQUEST, i);
            long gap = Math.round(meanGapMicros * random.nextExponential());
            arrivalMicros = i == 0 ? 0 : Math.addExact(arrivalMicros, gap);
            int input = spec.inputTokens().sample(random);
            int output = spec.outputTokens().sample(random);
            requests.add(new Request(i, arrivalMicros, input, output));
            prefill[i] = Math.min(input, spec.prefillTokensPerRequest());
            decode[i] = Math.min(output, spec.decodeTokensPerRequest());
        }
        // Step 2: scale the routable tokens down to the decisions target, if there is one.
        if (spec.decisions() > 0) {
            scaleToTarget(spec, prefill, decode);
        }
        return new SyntheticTrace(spec, requests, prefill, decode);
    }

    /**
     * Cumulative rounding over p0, d0, p1, d1, ...: each count becomes
     * {@code floor(T * cum / R) - floor(T * previousCum / R)}, so the counts stay proportional and
     * add up to exactly T.
     */
    private static void scaleToTarget(SyntheticTraceSpec spec, int[] prefill, int[] decode) {
        long target = spec.decisions() / spec.decisionsPerToken();
        long routable = 0;
        for (int i = 0; i < prefill.length; i++) {
            routable += prefill[i] + (long) decode[i];
        }
        if (target > routable) {
            throw new IllegalArgumentException("a target of " + spec.decisions() + " decisions needs "
                    + target + " routed tokens, but the requests have only " + routable
                    + " routable tokens; raise --requests, the token counts or the per-request caps");
        }
        BigInteger t = BigInteger.valueOf(target);
        BigInteger r = BigInteger.valueOf(routable);
        long cumulative = 0;
        long scaledBefore = 0;
        for (int i = 0; i < prefill.length; i++) {
            for (int[] counts : new int[][] {prefill, decode}) {
                cumulative += counts[i];
                long scaled = t.multiply(BigInteger.valueOf(cumulative)).divide(r).longValueExact();
                counts[i] = (int) (scaled - scaledBefore);
                scaledBefore = scaled;
            }
        }
    }

    public SyntheticTraceSpec spec() {
        return spec;
    }

    public ZipfRouter router() {
        return router;
    }

    /** Layers 0..L-1 with E experts each. */
    public TraceShape shape() {
        return TraceShape.dense(spec.layers(), spec.experts());
    }

    /** The requests in id order; ids are 0..n-1. */
    public List<Request> requests() {
        return requests;
    }

    /** Prompt tokens of a request that are routed. */
    public int routedPrefillTokens(int request) {
        return prefillTokens[request];
    }

    /** Generated tokens of a request that are routed. */
    public int routedDecodeTokens(int request) {
        return decodeTokens[request];
    }

    /** Routing rows (token x layer) of requests {@code from..to-1}. */
    public long rows(int from, int to) {
        return firstRow[to] - firstRow[from];
    }

    /** Routing rows of the whole trace. */
    public long rows() {
        return firstRow[requests.size()];
    }

    /** Routing decisions of the whole trace: rows x k. */
    public long decisions() {
        return rows() * spec.topK();
    }

    /**
     * Splits the requests into {@code files} contiguous ranges of about equal rows, so a routing
     * trace can be written as part files with each request's rows in one file.
     *
     * @return {@code files + 1} request indices; file f holds requests {@code [b[f], b[f+1])}
     * @throws IllegalArgumentException when some part would hold no rows
     */
    public int[] split(int files) {
        if (files < 1) {
            throw new IllegalArgumentException("files " + files + " must be at least 1");
        }
        int n = requests.size();
        int[] bounds = new int[files + 1];
        bounds[files] = n;
        for (int f = 1; f < files; f++) {
            // The first request that starts at or after f/F of the rows.
            long target = BigInteger.valueOf(rows()).multiply(BigInteger.valueOf(f))
                    .divide(BigInteger.valueOf(files)).longValueExact();
            int at = Arrays.binarySearch(firstRow, 0, n, target);
            if (at < 0) {
                at = -at - 1;
            }
            while (at > 0 && firstRow[at - 1] == target) {
                at--; // several requests may start at the same row when some route nothing
            }
            bounds[f] = Math.max(at, bounds[f - 1]);
        }
        for (int f = 0; f < files; f++) {
            if (rows(bounds[f], bounds[f + 1]) == 0) {
                throw new IllegalArgumentException("cannot split " + rows() + " routing rows of "
                        + n + " requests into " + files + " files with whole requests in each: part "
                        + f + " would be empty; use fewer files");
            }
        }
        return bounds;
    }

    /** Generates the routing rows of requests {@code from..to-1} in order. */
    public void route(int from, int to, DecisionSink sink) {
        int layers = spec.layers();
        int k = spec.topK();
        int[] experts = new int[k];
        float[] gates = new float[k];
        int gateCount = spec.gateWeights() ? k : 0;
        GateWeights gateWeights = new GateWeights();
        for (int request = from; request < to; request++) {
            SplitMix64 choices = SplitMix64.stream(spec.seed(), Streams.ROUTING, request);
            SplitMix64 weights = SplitMix64.stream(spec.seed(), Streams.GATES, request);
            int input = requests.get(request).inputTokens();
            int routed = prefillTokens[request] + decodeTokens[request];
            for (int t = 0; t < routed; t++) {
                boolean prefill = t < prefillTokens[request];
                int tokenIndex = prefill ? t : input + (t - prefillTokens[request]);
                Phase phase = prefill ? Phase.PREFILL : Phase.DECODE;
                for (int layer = 0; layer < layers; layer++) {
                    router.choose(layer, choices, experts, k);
                    if (gateCount > 0) {
                        gateWeights.draw(weights, gates, k);
                    }
                    sink.decision(request, tokenIndex, phase, layer, experts, k, gates, gateCount);
                }
            }
        }
    }
}
