package io.moereplay.jobs.output;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The Flink environment every moe-replay job runs in: batch mode, embedded or on a cluster. */
public final class BatchEnvironments {

    private BatchEnvironments() {}

    /**
     * The environment Flink provides ({@code java -jar}: a MiniCluster; {@code flink run}: the
     * cluster), in BATCH mode so sinks commit once, at the end. A MiniCluster started by the
     * command line keeps its temporary files in the process's {@link ScratchFolder}.
     *
     * @param parallelism the job's parallelism, or 0 for the environment's default
     */
    public static StreamExecutionEnvironment create(int parallelism) {
        Configuration configuration = new Configuration();
        ScratchFolder.current().ifPresent(folder -> configuration.set(CoreOptions.TMP_DIRS, folder.toString()));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(configuration);
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        if (parallelism > 0) {
            env.setParallelism(parallelism);
        }
        return env;
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
}
