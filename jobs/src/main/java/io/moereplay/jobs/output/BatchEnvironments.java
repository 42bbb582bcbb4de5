package io.moereplay.jobs.output;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The Flink environment every moe-replay job runs in: batch mode, embedded or on a cluster. */
public final class BatchEnvironments {

    private BatchEnvironments() {}

    /**
     * The environment Flink provides ({@code java -jar}: a MiniCluster; {@code flink run}: the
     * cluster), in BATCH mode so sinks commit once, at the end.
     *
     * @param parallelism the job's parallelism, or 0 for the environment's default
     */
    public static StreamExecutionEnvironment create(int parallelism) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        if (parallelism > 0) {
            env.setParallelism(parallelism);
        }
        return env;
    }
}
