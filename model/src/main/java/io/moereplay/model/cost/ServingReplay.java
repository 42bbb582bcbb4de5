package io.moereplay.model.cost;

import io.moereplay.model.replay.ReplayRequests;

import java.io.Serializable;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A request trace served by one deployment: iteration-level continuous batching whose iterations
 * take the time the serving model predicts. Requests join in arrival order once they have arrived,
 * fewer than {@code maxBatch} run and the KV cache can hold their prompt and all their output
 * tokens (reserved at admission, so nothing is ever preempted); an iteration prefills the admitted
 * (their first token) and decodes one token for each running request, taking the step table's time
 * at that batch and mean context plus the prefill's.
 *
 * @param maxBatch the most requests running at once
 * @param kvCapacityTokens tokens the KV cache holds over all sequences
 * @param steps the deployment's decode step time
 * @param prefill the prefill time
 * @param slo the latency SLO the replay is judged against
 */
public record ServingReplay(int maxBatch, long kvCapacityTokens, StepTimeTable steps, PrefillModel prefill,
        ServingSlo slo) implements Serializable {

    private static final Percentile P50 = new Percentile(50);
    private static final Percentile P99 = new Percentile(99);

    public ServingReplay {
        if (maxBatch < 1 || maxBatch > steps.maxBatch() || kvCapacityTokens < 1) {
            throw new IllegalArgumentException("max batch " + maxBatch + " (table up to " + steps.maxBatch()
                    + ") and KV capacity " + kvCapacityTokens + " tokens: need a batch within the table and capacity");
        }
    }

    /**
     * @param latencies receives each served request's latencies as it finishes, or null
     */
    public ServingResult run(ReplayRequests requests, Consumer<RequestLatency> latencies) {
        int n = requests.size();
        int[] running = new int[maxBatch];
        int[] generated = new int[maxBatch];
        long[] firstToken = new long[maxBatch];
        double[] maxTbt = new double[maxBatch];
        double[] ttft = new double[n];
        double[] tpot = new double[n];
        double[] e2e = new double[n];
        StepLog log = new StepLog();
        int count = 0;
        int next = 0;
        long served = 0;
        long tooLong = 0;
        long outputTokens = 0;
        long ttftMet = 0;
        long kvUsed = 0;
        long context = 0;
        long now = n == 0 ? 0 : requests.arrivalMicros(0);
        double busy = 0;
        double attentionBusy = 0;
        double expertBusy = 0;
        while (next < n || count > 0) {
            if (count == 0 && next < n && requests.arrivalMicros(next) > now) {
                now = requests.arrivalMicros(next);
            }
            int decoding = count;
            long decodeContext = context;
            long prefillTokens = 0;
            while (count < maxBatch && next < n && requests.arrivalMicros(next) <= now) {
                long need = (long) requests.inputTokens(next) + requests.outputTokens(next);
                if (need > kvCapacityTokens) {
                    tooLong++;
                    next++;
                    continue;
                }
                if (kvUsed + need > kvCapacityTokens) {
                    break;
                }
                running[count] = next;
                generated[count] = 1;
                maxTbt[count] = 0;
                kvUsed += need;
                context += requests.inputTokens(next) + 1;
                prefillTokens += requests.inputTokens(next);
                count++;
                next++;
            }
            if (count == 0) {
                continue;
            }
            double meanContext = decoding == 0 ? 0 : (double) decodeContext / decoding;
            double decodeMicros = steps.micros(decoding, meanContext);
            long duration = Math.max(1, Math.round(decodeMicros + prefill.micros(prefillTokens)));
            long end = now + duration;
            busy += duration;
            if (decoding > 0) {
                log.add(duration, decoding, duration <= slo.tbtMicros());
                attentionBusy += decodeMicros * steps.attentionBusy(decoding, meanContext);
                expertBusy += decodeMicros * steps.expertBusy(decoding, meanContext);
                for (int i = 0; i < decoding; i++) {
                    generated[i]++;
                    maxTbt[i] = Math.max(maxTbt[i], duration);
                }
                context += decoding;
            }
            for (int i = decoding; i < count; i++) {
                firstToken[i] = end;
                ttft[running[i]] = end - requests.arrivalMicros(running[i]);
            }
            now = end;
            int kept = 0;
            for (int i = 0; i < count; i++) {
                int r = running[i];
                int output = requests.outputTokens(r);
                if (generated[i] >= output) {
                    e2e[r] = now - requests.arrivalMicros(r);
                    tpot[r] = output > 1 ? (double) (now - firstToken[i]) / (output - 1) : 0;
                    served++;
                    outputTokens += output;
                    if (ttft[r] <= slo.ttftMicros()) {
                        ttftMet++;
                    }
                    kvUsed -= (long) requests.inputTokens(r) + output;
                    context -= requests.inputTokens(r) + generated[i];
                    if (latencies != null) {
                        latencies.accept(new RequestLatency(requests.id(r), requests.arrivalMicros(r), output, ttft[r],
                                tpot[r], maxTbt[i], e2e[r]));
                    }
                } else {
                    running[kept] = r;
                    generated[kept] = generated[i];
                    firstToken[kept] = firstToken[i];
                    maxTbt[kept] = maxTbt[i];
                    kept++;
                }
            }
            count = kept;
        }
        long makespan = n == 0 ? 0 : now - requests.arrivalMicros(0);
        double[] servedTtft = servedOnly(ttft, e2e);
        double[] servedTpot = servedOnly(tpot, e2e);
        double[] servedE2e = servedOnly(e2e, e2e);
        return new ServingResult(n, served, tooLong, outputTokens, log.steps, makespan, busy,
                P50.of(servedTtft), P99.of(servedTtft),
                P50.of(servedTpot), P99.of(servedTpot),
                log.weightedPercentile(P50), log.weightedPercentile(P99), P50.of(servedE2e),
                new SloOutcome(slo, log.weightedPercentile(slo.tbtPercentile()), slo.ttftPercentile().of(servedTtft),
                        log.tokenAttainment(), served == 0 ? 0 : (double) ttftMet / served, tooLong),
                makespan == 0 ? 0 : attentionBusy / makespan, makespan == 0 ? 0 : expertBusy / makespan,
                log.steps == 0 ? 0 : (double) log.tokens / log.steps);
    }

    /** The values of requests that finished (a positive end-to-end time), sorted. */
    private static double[] servedOnly(double[] values, double[] e2e) {
        double[] out = new double[values.length];
        int k = 0;
        for (int r = 0; r < values.length; r++) {
            if (e2e[r] > 0) {
                out[k++] = values[r];
            }
        }
        double[] sorted = Arrays.copyOf(out, k);
        Arrays.sort(sorted);
        return sorted;
    }

    /**
     * Decode step durations with the tokens each generated. Every running request takes part in
     * every decode step, so a step of {@code d} us decoding {@code b} tokens is {@code b} inter-token
     * gaps of {@code d}: percentiles over all gaps are exact from one entry per step, no sketch needed.
     */
    private static final class StepLog {
        private long[] durations = new long[1024];
        private int[] tokensOf = new int[1024];
        private int steps;
        private long tokens;
        private long tokensWithinSlo;
        private long[] sorted;

        void add(long duration, int stepTokens, boolean withinSlo) {
            if (steps == durations.length) {
                durations = Arrays.copyOf(durations, steps * 2);
                tokensOf = Arrays.copyOf(tokensOf, steps * 2);
            }
            durations[steps] = duration;
            tokensOf[steps++] = stepTokens;
            tokens += stepTokens;
            tokensWithinSlo += withinSlo ? stepTokens : 0;
        }

        /** Durations sorted, each carrying its tokens: both packed into one long (durations < 2^40 us). */
        private long[] sortedByDuration() {
            if (sorted == null) {
                sorted = new long[steps];
                for (int i = 0; i < steps; i++) {
                    sorted[i] = (durations[i] << 23) | tokensOf[i];
                }
                Arrays.sort(sorted);
            }
            return sorted;
        }

        double tokenAttainment() {
            return tokens == 0 ? 0 : (double) tokensWithinSlo / tokens;
        }

        /** The smallest step time at or below which at least {@code q} of the tokens were generated. */
        double weightedPercentile(Percentile q) {
            if (steps == 0) {
                return 0;
            }
            long[] packed = sortedByDuration();
            long target = q.rank(tokens);
            long seen = 0;
            for (long p : packed) {
                seen += p & ((1 << 23) - 1);
                if (seen >= target) {
                    return p >>> 23;
                }
            }
            return packed[steps - 1] >>> 23;
        }
    }
}
