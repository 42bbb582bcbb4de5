package io.moereplay.jobs.cli;

import io.moereplay.jobs.straggler.StragglerJob;
import io.moereplay.jobs.straggler.StragglerRowsMode;
import io.moereplay.model.hotness.WindowSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code moe-replay straggler}: every MoE layer of every decode step timed under candidate deployments. */
@Command(name = "straggler", mixinStandardHelpOptions = true,
        header = "Times every MoE layer of every decode step under candidate deployments.",
        description = "Replays a request trace's decode steps (as `replay` does) and times every MoE layer of every step under "
                + "each --deployment: the busiest GPU, layer time versus perfectly even load (table straggler), and each "
                + "deployment's time between tokens p50/p90/p99 and mean straggler overhead (table tbt_summary).")
final class StragglerCommand implements Callable<Integer> {

    @Option(names = "--deployment", required = true, paramLabel = "SPEC",
            description = {"A candidate deployment; repeat for several:",
                    "colocated:gpu=H100-SXM,gpus=8 (expert parallelism, attention data parallel on the same GPUs), or",
                    "disaggregated:attention=H20,tp-a=2,nodes-a=4,experts=L40S,tp-e=1,m=3 (MegaScale-Infer ping-pong), or",
                    "findep:attention=H20,tp-a=2,nodes-a=4,experts=L40S,tp-e=1,r1=4,r2=2,order=aass (FinDEP fine-grained)."})
    List<String> deployments;

    @Option(names = "--straggler-rows", paramLabel = "WHICH", defaultValue = "all", converter = OptionValues.StragglerRows.class,
            description = {"Which rows of the straggler table to write: all (default), sampled (every layer and deployment"
                    + " of one decode step in 100) or none. tbt_summary counts every step either way."})
    StragglerRowsMode rows;

    @Mixin
    HardwareOptions hardware;

    @Mixin
    ReplayOptions replay;

    @Mixin
    StepReplayOptions steps;

    @Mixin
    RunOptions run;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> summary = StragglerJob.run(replay.config(run, WindowSpec.all(), steps), deployments, hardware.hardwareFile,
                hardware.profilesDir(), rows);
        RunReport.print(System.out, summary);
        return 0;
    }
}
