package io.moereplay.jobs.report;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ExceptionUtils;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs a job as {@code env.execute} does, and while it runs prints its progress on stderr every
 * {@value #PRINT_SECONDS} s once stderr has been silent for {@value #PRINT_SECONDS} s (see
 * {@link ConsoleSilence}): a command that ends within {@value #PRINT_SECONDS} s prints nothing. The
 * progress is the job's counters ({@link ProgressCounter} accumulators), read by a client thread
 * through {@link JobClient#getAccumulators()} (the JobMaster's aggregate of what the tasks report
 * with their heartbeats), so the operators only add to a counter and start no thread. Embedded runs
 * shorten the heartbeat ({@code BatchEnvironments.EMBEDDED_HEARTBEAT}) so the figures are fresh; on a
 * cluster its own heartbeat interval (10 s by default) sets how fresh they are, and a cluster that
 * cannot answer leaves the run silent, never failed.
 */
public final class JobProgress {

    static final int PRINT_SECONDS = 10;
    static final int POLL_SECONDS = 2;

    private JobProgress() {}

    /**
     * Submits the job, reports its progress until it ends, and returns its result; a failed job
     * throws what {@code env.execute} would.
     *
     * @param label the command, as progress lines name it
     * @param phases what the job counts, in the order its stages finish counting
     */
    public static JobExecutionResult execute(StreamExecutionEnvironment env, String jobName, String label,
            ProgressCounter... phases) throws Exception {
        JobClient client = env.executeAsync(jobName);
        long submitted = System.nanoTime();
        ProgressReporter reporter = new ProgressReporter(label, List.of(phases), System.err, submitted,
                Math.max(ConsoleSilence.lastSpokeNanos() + TimeUnit.SECONDS.toNanos(PRINT_SECONDS),
                        submitted + TimeUnit.SECONDS.toNanos(POLL_SECONDS)));
        ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "moe-replay progress");
            thread.setDaemon(true);
            return thread;
        });
        poller.scheduleAtFixedRate(() -> reporter.sample(counts(client), System.nanoTime()),
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

    /** The job's accumulators, or none when the job is between states or the cluster does not answer. */
    private static Map<String, Object> counts(JobClient client) {
        try {
            return client.getAccumulators().get(POLL_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            // Progress is a courtesy: a job between states or a cluster that will not say stays quiet.
            return Map.of();
        }
    }
}
