package io.moereplay.jobs.output;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PrestartedMiniClusterTest {

    @AfterEach
    void noClusterLeftWaiting() {
        BatchEnvironments.discardPrestarted();
    }

    @Test
    void aJobRunsOnTheClusterStartedAheadOfIt() throws Exception {
        BatchEnvironments.prestart(2);
        assertThat(PrestartedMiniCluster.isWaiting()).isTrue();

        StreamExecutionEnvironment env = BatchEnvironments.create(2);
        assertThat(env.getParallelism()).isEqualTo(2);
        List<Long> doubled = new ArrayList<>();
        try (CloseableIterator<Long> results = env.fromSequence(1, 1000).map(x -> 2 * x).executeAndCollect()) {
            results.forEachRemaining(doubled::add);
        }

        assertThat(PrestartedMiniCluster.isWaiting()).as("taken by the job").isFalse();
        assertThat(doubled).hasSize(1000);
        assertThat(doubled.stream().mapToLong(Long::longValue).sum()).isEqualTo(1000 * 1001);
    }

    @Test
    void theDefaultParallelismIsTheCoresAsFlinkGivesEmbeddedJobs() {
        BatchEnvironments.prestart(0);
        assertThat(BatchEnvironments.create(0).getParallelism()).isEqualTo(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void aJobWantingMoreSlotsGetsAClusterOfItsOwn() throws Exception {
        PrestartedMiniCluster.prestart(configuration(2));
        MiniCluster cluster = PrestartedMiniCluster.take(configuration(3));
        assertThat(cluster).isNotInstanceOf(PrestartedMiniCluster.class);
        assertThat(cluster.isRunning()).as("started by the executor, as Flink starts its own").isFalse();
        assertThat(PrestartedMiniCluster.isWaiting()).isFalse();
    }

    @Test
    void aJobWantingAsManyOrFewerSlotsTakesTheStartedCluster() throws Exception {
        PrestartedMiniCluster.prestart(configuration(2));
        MiniCluster cluster = PrestartedMiniCluster.take(configuration(1));
        try {
            assertThat(cluster).isInstanceOf(PrestartedMiniCluster.class);
            cluster.start(); // waits for the background start
            assertThat(cluster.isRunning()).isTrue();
        } finally {
            cluster.closeAsync().get();
        }
    }

    @Test
    void aClusterNoJobTookIsDiscarded() {
        PrestartedMiniCluster.prestart(configuration(1));
        BatchEnvironments.discardPrestarted();
        assertThat(PrestartedMiniCluster.isWaiting()).isFalse();
        // A job after that starts its own, as Flink does.
        assertThat(PrestartedMiniCluster.take(configuration(1))).isNotInstanceOf(PrestartedMiniCluster.class);
    }

    private static MiniClusterConfiguration configuration(int slots) {
        return new MiniClusterConfiguration.Builder()
                .setConfiguration(new Configuration().set(RestOptions.BIND_PORT, "0"))
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots)
                .build();
    }
}
