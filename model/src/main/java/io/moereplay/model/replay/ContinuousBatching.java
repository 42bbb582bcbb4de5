package io.moereplay.model.replay;

import io.moereplay.model.routing.DecodeStep;

import java.io.Serializable;
import java.util.function.Consumer;

/**
 * Iteration-level continuous batching, as vLLM and SGLang schedule decode: requests join the
 * running batch in arrival order as soon as they have arrived and there is room ({@code maxBatch}
 * running requests), and leave as soon as their last token is generated.
 *
 * <p>One iteration at time {@code t}: requests admitted at {@code t} are prefilled, producing their
 * first output token; requests admitted earlier each generate one token (the decode step). The
 * iteration lasts {@link StepTimer#micros}; the next starts when it ends, or at the next arrival
 * when nothing is running. A request of {@code n} output tokens therefore takes {@code n - 1}
 * decode steps. KV-cache capacity does not bound admission here; the cost replay adds that.
 *
 * @param maxBatch the most requests running at once, at least 1
 * @param timer the duration of each iteration
 */
public record ContinuousBatching(int maxBatch, StepTimer timer) implements Serializable {

    public ContinuousBatching {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("max batch " + maxBatch + " must be at least 1");
        }
        if (timer == null) {
            throw new IllegalArgumentException("no step timer");
        }
    }

    /**
     * Replays the requests, handing each decode step to {@code steps} in order. The step's arrays
     * are fresh for each step.
     */
    public ScheduleStats run(ReplayRequests requests, Consumer<DecodeStep> steps) {
        int n = requests.size();
        // Running requests: replay index and tokens generated so far; a compact ring of maxBatch.
        int[] running = new int[maxBatch];
        int[] generated = new int[maxBatch];
        int runningCount = 0;
        int next = 0;
        long now = n == 0 ? 0 : requests.arrivalMicros(0);
        long iterations = 0;
        long decodeSteps = 0;
        long decodeTokens = 0;
        long prefillTokens = 0;
        int maxSeen = 0;
        while (next < n || runningCount > 0) {
            if (runningCount == 0 && requests.arrivalMicros(next) > now) {
                now = requests.arrivalMicros(next);
            }
            int decoding = runningCount;
            long prefill = 0;
            while (runningCount < maxBatch && next < n && requests.arrivalMicros(next) <= now) {
                running[runningCount] = next;
                generated[runningCount] = 1; // the prefill's token
                prefill += requests.inputTokens(next);
                runningCount++;
                next++;
            }
            if (decoding > 0) {
                int[] members = new int[decoding];
                int[] positions = new int[decoding];
                for (int i = 0; i < decoding; i++) {
                    members[i] = running[i];
                    positions[i] = generated[i] - 1;
                    generated[i]++;
                }
                steps.accept(new DecodeStep(decodeSteps, now, members, positions));
                decodeSteps++;
                decodeTokens += decoding;
                maxSeen = Math.max(maxSeen, decoding);
            }
            prefillTokens += prefill;
            iterations++;
            now += requireDuration(timer.micros(decoding, prefill), decoding, prefill);
            runningCount = retireFinished(requests, running, generated, runningCount);
        }
        return new ScheduleStats(iterations, decodeSteps, decodeTokens, prefillTokens, maxSeen,
                n == 0 ? 0 : requests.arrivalMicros(0), now);
    }

    /** Drops finished requests, keeping the others in admission order. */
    private static int retireFinished(ReplayRequests requests, int[] running, int[] generated, int count) {
        int kept = 0;
        for (int i = 0; i < count; i++) {
            if (generated[i] < requests.outputTokens(running[i])) {
                running[kept] = running[i];
                generated[kept] = generated[i];
                kept++;
            }
        }
        return kept;
    }

    private static long requireDuration(long micros, int decoding, long prefill) {
        if (micros < 1) {
            throw new IllegalStateException("step timer gave " + micros + " us for " + decoding
                    + " decode and " + prefill + " prefill tokens; an iteration takes at least 1 us");
        }
        return micros;
    }
}
