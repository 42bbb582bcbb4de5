package io.moereplay.jobs.output;

import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.util.ExceptionUtils;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * An embedded MiniCluster that starts on a background thread as soon as it is made, so that its
 * half second of start-up (RPC system, dispatcher, resource manager, a TaskManager) overlaps the
 * command's own preparation (reading the request trace, recording the batching schedule, building
 * the job graph) instead of following it. {@link #start()}, called by Flink's per-job executor,
 * waits for that start to finish.
 *
 * <p>One is held at a time ({@link #prestart}); the next job takes it ({@link #take}) when its
 * slots suffice and otherwise gets a cluster of its own, as Flink would have given it. The executor
 * shuts a taken cluster down when its job ends, as it does its own.
 */
final class PrestartedMiniCluster extends MiniCluster {

    private static PrestartedMiniCluster waiting;

    private final int slots;
    private final int taskManagers;
    private final CompletableFuture<Void> started = new CompletableFuture<>();

    private PrestartedMiniCluster(MiniClusterConfiguration configuration) {
        super(configuration);
        this.slots = configuration.getConfiguration().get(TaskManagerOptions.NUM_TASK_SLOTS);
        this.taskManagers = configuration.getNumTaskManagers();
        Thread starter = new Thread(this::startNow, "moe-replay MiniCluster start");
        starter.setDaemon(true);
        starter.setContextClassLoader(Thread.currentThread().getContextClassLoader());
        starter.start();
    }

    /** Starts a cluster for the next job, in place of one still waiting (which is closed). */
    static synchronized void prestart(MiniClusterConfiguration configuration) {
        discard();
        waiting = new PrestartedMiniCluster(configuration);
    }

    /**
     * The cluster for a job that asks for {@code wanted}: the waiting one when it has as many
     * TaskManagers and at least as many slots each, else a new one (the waiting one is closed).
     */
    static synchronized MiniCluster take(MiniClusterConfiguration wanted) {
        PrestartedMiniCluster cluster = waiting;
        waiting = null;
        if (cluster != null && cluster.taskManagers == wanted.getNumTaskManagers()
                && cluster.slots >= wanted.getConfiguration().get(TaskManagerOptions.NUM_TASK_SLOTS)) {
            return cluster;
        }
        if (cluster != null) {
            cluster.closeLater();
        }
        return new MiniCluster(wanted);
    }

    /** True while a cluster waits for a job. */
    static synchronized boolean isWaiting() {
        return waiting != null;
    }

    /** Has the waiting cluster, if any, closed: a command that ends before its job leaves none running. */
    static synchronized void discard() {
        if (waiting != null) {
            waiting.closeLater();
            waiting = null;
        }
    }

    @Override
    public void start() throws Exception {
        try {
            started.get();
        } catch (ExecutionException e) {
            ExceptionUtils.rethrowException(e.getCause());
        }
    }

    private void startNow() {
        try {
            super.start();
            started.complete(null);
        } catch (Throwable t) {
            started.completeExceptionally(t);
        }
    }

    /** Closes the cluster once its start has ended, without waiting for either. */
    private void closeLater() {
        // A cluster no job ran on: whatever its start or shutdown says concerns no output.
        started.handle((ok, failed) -> closeAsync());
    }
}
