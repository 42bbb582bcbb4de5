package io.moereplay.jobs.output;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.client.deployment.executors.LocalExecutor;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.PipelineExecutor;
import org.apache.flink.core.execution.PipelineExecutorFactory;
import org.apache.flink.core.execution.PipelineExecutorServiceLoader;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.minicluster.RpcServiceSharing;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.time.Duration;
import java.util.stream.Stream;

/**
 * The Flink environment every moe-replay job runs in: batch mode, embedded or on a cluster.
 *
 * <p>Embedded, a command may {@link #prestart} the MiniCluster its job will run on, so that the
 * cluster starts while the command prepares the job.
 */
public final class BatchEnvironments {

    /**
     * Embedded runs report to their JobMaster this often (Flink's default: 10 s), so that the
     * progress lines, read from the JobMaster's accumulators, are fresh.
     */
    private static final Duration EMBEDDED_HEARTBEAT = Duration.ofSeconds(2);

    /** {@code -Dmoe.replay.prestart=false} starts each MiniCluster when its job is submitted, as Flink does. */
    static final String PRESTART_PROPERTY = "moe.replay.prestart";

    private BatchEnvironments() {}

    /**
     * The environment Flink provides ({@code java -jar}: a MiniCluster; {@code flink run}: the
     * cluster), in BATCH mode so sinks commit once, at the end. A MiniCluster started by the
     * command line keeps its temporary files in the process's {@link ScratchFolder}; one
     * {@link #prestart started ahead} runs the job when it has the slots.
     *
     * @param parallelism the job's parallelism, or 0 for the environment's default
     */
    public static StreamExecutionEnvironment create(int parallelism) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(scratch());
        if (env instanceof LocalStreamEnvironment) {
            env = PrestartedMiniCluster.isWaiting() ? onPrestartedCluster() : env;
            env.configure(embedded());
        }
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        if (parallelism > 0) {
            env.setParallelism(parallelism);
        }
        return env;
    }

    /**
     * Starts, on a background thread, the embedded MiniCluster that the next job of this
     * parallelism will run on, as Flink would start it for that job; nothing under {@code flink run}.
     * A job that needs more slots than it has gets a cluster of its own.
     *
     * @param parallelism the job's parallelism, or 0 for the environment's default (the cores)
     */
    public static void prestart(int parallelism) {
        if (!Boolean.parseBoolean(System.getProperty(PRESTART_PROPERTY, "true"))
                || !(StreamExecutionEnvironment.getExecutionEnvironment() instanceof LocalStreamEnvironment)) {
            return;
        }
        int slots = parallelism > 0 ? parallelism : Runtime.getRuntime().availableProcessors();
        Configuration configuration = embedded().set(RestOptions.BIND_PORT, "0");
        int taskManagers = configuration.get(TaskManagerOptions.MINI_CLUSTER_NUM_TASK_MANAGERS);
        PrestartedMiniCluster.prestart(new MiniClusterConfiguration.Builder()
                .setConfiguration(configuration)
                .setNumTaskManagers(taskManagers)
                .setRpcServiceSharing(RpcServiceSharing.SHARED)
                .setNumSlotsPerTaskManager(slots)
                .build());
    }

    /** Closes a cluster started ahead that no job took (the command ended first). */
    public static void discardPrestarted() {
        PrestartedMiniCluster.discard();
    }

    /**
     * The parallelism for an operator that gets few elements but heavy work each (a layer, a
     * candidate): the job's parallelism, at most one task per element. Set explicitly because
     * Flink's adaptive batch scheduler otherwise sizes operators by their bytes of input and gives
     * a few small elements a single task.
     */
    public static int forElements(StreamExecutionEnvironment env, int elements) {
        return Math.max(1, Math.min(elements, env.getParallelism()));
    }

    /** Flink's embedded environment, its local executor running the job on the prestarted cluster. */
    private static StreamExecutionEnvironment onPrestartedCluster() {
        Configuration configuration = embedded()
                .set(DeploymentOptions.TARGET, LocalExecutor.NAME)
                .set(DeploymentOptions.ATTACHED, true);
        StreamExecutionEnvironment env = new StreamExecutionEnvironment(new PrestartedExecutors(), configuration,
                Thread.currentThread().getContextClassLoader());
        env.setParallelism(Runtime.getRuntime().availableProcessors());
        return env;
    }

    /** Temporary files in the command line's scratch folder, when it has one. */
    private static Configuration scratch() {
        Configuration configuration = new Configuration();
        ScratchFolder.current().ifPresent(folder -> configuration.set(CoreOptions.TMP_DIRS, folder.toString()));
        return configuration;
    }

    /** An embedded cluster's configuration: the scratch folder and the embedded heartbeat. */
    private static Configuration embedded() {
        return scratch().set(HeartbeatManagerOptions.HEARTBEAT_INTERVAL, EMBEDDED_HEARTBEAT);
    }

    /** Flink's local executor, given the prestarted cluster in place of a new one. */
    private static final class PrestartedExecutors implements PipelineExecutorServiceLoader, PipelineExecutorFactory {

        @Override
        public PipelineExecutorFactory getExecutorFactory(Configuration configuration) {
            return this;
        }

        @Override
        public Stream<String> getExecutorNames() {
            return Stream.of(LocalExecutor.NAME);
        }

        @Override
        public String getName() {
            return LocalExecutor.NAME;
        }

        @Override
        public boolean isCompatibleWith(Configuration configuration) {
            return LocalExecutor.NAME.equals(configuration.get(DeploymentOptions.TARGET));
        }

        @Override
        public PipelineExecutor getExecutor(Configuration configuration) {
            return LocalExecutor.createWithFactory(configuration, PrestartedMiniCluster::take);
        }
    }
}
