package io.moereplay.jobs.report;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ExceptionUtils;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs a job as {@code env.execute} does, and while it runs prints its progress on stderr every
 * {@value #PRINT_SECONDS} s, from the second {@value #PRINT_SECONDS} s on: a job that ends sooner
 * prints nothing. The progress is the job's counter (a {@link ProgressCounter} accumulator), read by
 * a client thread through {@link JobClient#getAccumulators()} (the JobMaster's aggregate of what the
 * tasks report with their heartbeats), so the operators only add to a counter. Embedded runs
 * shorten the heartbeat to {@value #EMBEDDED_HEARTBEAT_SECONDS} s so the figures are fresh; on a
 * cluster its own heartbeat interval (10 s by default) sets how fresh they are, and a cluster that
 * cannot answer leaves the run silent, never failed.
 */
public final class JobProgress {

    static final int PRINT_SECONDS = 10;
    static final int POLL_SECONDS = 2;
    static final int EMBEDDED_HEARTBEAT_SECONDS = 2;

    private JobProgress() {}

    /**
     * Submits the job, reports its progress until it ends, and returns its result; a failed job
     * throws what {@code env.execute} would.
     *
     * @param label the command, as progress lines name it
     */
    public static JobExecutionResult execute(StreamExecutionEnvironment env, String jobName, String label,
            ProgressCounter counter) throws Exception {
        if (env instanceof LocalStreamEnvironment) {
            env.configure(new Configuration().set(HeartbeatManagerOptions.HEARTBEAT_INTERVAL,
                    Duration.ofSeconds(EMBEDDED_HEARTBEAT_SECONDS)));
        }
        JobClient client = env.executeAsync(jobName);
        ProgressReporter reporter = new ProgressReporter(label, counter, System.err, System.nanoTime());
        ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "moe-replay progress");
            thread.setDaemon(true);
            return thread;
        });
        poller.scheduleAtFixedRate(() -> reporter.sample(accumulator(client, counter), System.nanoTime()),
                POLL_SECONDS, POLL_SECONDS, TimeUnit.SECONDS);
        try {
            return client.getJobExecutionResult().get();
        } catch (Throwable t) {
            // As env.execute does: the job's own failure, not the future's wrapper.
            ExceptionUtils.rethrowException(ExceptionUtils.stripExecutionException(t));
            throw new AssertionError("unreachable");
        } finally {
            poller.shutdownNow();
        }
    }

    /** The counter's value, or null when the job has not reported it or the cluster does not answer. */
    private static Long accumulator(JobClient client, ProgressCounter counter) {
        try {
            Map<String, Object> values = client.getAccumulators().get(POLL_SECONDS, TimeUnit.SECONDS);
            return values.get(counter.accumulator()) instanceof Long done ? done : null;
        } catch (Exception e) {
            // Progress is a courtesy: a job between states or a cluster that will not say stays quiet.
            return null;
        }
    }

    /** Turns samples of the counter into a line every {@value #PRINT_SECONDS} s. */
    static final class ProgressReporter {
        private final String label;
        private final ProgressCounter counter;
        private final PrintStream err;
        private final long startNanos;
        private long nextPrintNanos;
        private long firstDone = -1;
        private long firstNanos;
        private long lastDone;

        ProgressReporter(String label, ProgressCounter counter, PrintStream err, long startNanos) {
            this.label = label;
            this.counter = counter;
            this.err = err;
            this.startNanos = startNanos;
            this.nextPrintNanos = startNanos + TimeUnit.SECONDS.toNanos(PRINT_SECONDS);
        }

        /** Records the counter (null: no figure) at {@code nanos}; prints when a line is due. */
        void sample(Long done, long nanos) {
            if (done != null) {
                lastDone = done;
                if (firstDone < 0 && done > 0) {
                    firstDone = done;
                    firstNanos = nanos;
                }
            }
            if (nanos < nextPrintNanos) {
                return;
            }
            nextPrintNanos += TimeUnit.SECONDS.toNanos(PRINT_SECONDS);
            double elapsed = (nanos - startNanos) / 1e9;
            err.println(new ProgressLine(label, counter.unit(), lastDone, counter.total(), elapsed,
                    rate(nanos, elapsed)).text());
        }

        /** Units a second since counting began: from the first count seen, or over the whole run until two. */
        private double rate(long nanos, double elapsed) {
            if (firstDone < 0) {
                return 0;
            }
            double since = (nanos - firstNanos) / 1e9;
            return since > 0 && lastDone > firstDone ? (lastDone - firstDone) / since : lastDone / elapsed;
        }
    }
}
