package io.moereplay.model.replay;

import java.io.Serializable;
import java.util.Arrays;

/**
 * A continuous-batching schedule's decode steps, run once and kept: each step's start, tokens and
 * summed context, 20 bytes a step (a production hour at 100 ms steps is 37k steps, 0.7 MB). What a
 * layer's replay needs when its router reads only a step's size and time ({@link
 * io.moereplay.model.routing.TokenCountRouter}), so that the tasks replaying layers share one
 * schedule instead of each re-running the batching, which costs a pass over every decode token.
 */
public final class DecodeSchedule implements Serializable {

    private static final long serialVersionUID = 1L;

    private final long[] startMicros;
    private final int[] tokens;
    private final long[] contextTokens;
    private final ScheduleStats stats;

    private DecodeSchedule(long[] startMicros, int[] tokens, long[] contextTokens, ScheduleStats stats) {
        this.startMicros = startMicros;
        this.tokens = tokens;
        this.contextTokens = contextTokens;
        this.stats = stats;
    }

    /** Runs {@code batching} over {@code requests} and keeps its decode steps. */
    public static DecodeSchedule record(ReplayRequests requests, ContinuousBatching batching) {
        long[][] starts = {new long[1024]};
        int[][] sizes = {new int[1024]};
        long[][] contexts = {new long[1024]};
        int[] n = {0};
        ScheduleStats stats = batching.run(requests, step -> {
            int i = n[0]++;
            if (i == starts[0].length) {
                starts[0] = Arrays.copyOf(starts[0], 2 * i);
                sizes[0] = Arrays.copyOf(sizes[0], 2 * i);
                contexts[0] = Arrays.copyOf(contexts[0], 2 * i);
            }
            starts[0][i] = step.startMicros();
            sizes[0][i] = step.tokens();
            contexts[0][i] = requests.contextTokens(step);
        });
        return new DecodeSchedule(Arrays.copyOf(starts[0], n[0]), Arrays.copyOf(sizes[0], n[0]),
                Arrays.copyOf(contexts[0], n[0]), stats);
    }

    /** Decode steps, numbered {@code 0..steps-1}. */
    public int steps() {
        return tokens.length;
    }

    public long startMicros(int step) {
        return startMicros[step];
    }

    /** Tokens the step generates: one per running request. */
    public int tokens(int step) {
        return tokens[step];
    }

    /** The context the step's sequences attend over, summed (see {@link ReplayRequests#contextTokens}). */
    public long contextTokens(int step) {
        return contextTokens[step];
    }

    public ScheduleStats stats() {
        return stats;
    }
}
