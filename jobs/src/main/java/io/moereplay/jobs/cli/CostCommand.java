package io.moereplay.jobs.cli;

import io.moereplay.jobs.cost.CostConfig;
import io.moereplay.jobs.cost.DeploymentCostJob;
import io.moereplay.model.hotness.WindowSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code moe-replay cost}: the request trace served by every candidate deployment, priced. */
@Command(name = "cost", mixinStandardHelpOptions = true,
        header = "Serves the request trace on candidate deployments and prices each one.",
        description = {"Serves the request trace with every candidate deployment (continuous batching bounded by its batch and",
                "KV cache, iterations timed by the serving model with the routing model's skew): throughput, TTFT/TBT,",
                "SLO attainment, GPU utilisation and dollars per million tokens per candidate (table deployment_cost),",
                "the frontier of cost per token against TBT p99 with the recommended candidate (table pareto), and with",
                "--request-latency every request's latencies (table request_latency). --max-batch, --step-ms and",
                "--window do not apply: each candidate schedules by its own batch and predicted step times."})
final class CostCommand implements Callable<Integer> {

    @Option(names = "--candidate", paramLabel = "SPEC",
            description = {"A candidate: a deployment spec as for `straggler` ending in ,batch=B; repeat for several, e.g.",
                    "disaggregated:attention=H20,tp-a=2,nodes-a=4,experts=L40S,tp-e=1,m=3,batch=512"})
    List<String> candidates = List.of();

    @Option(names = "--candidates", paramLabel = "JSON",
            description = "A file of candidates ({\"candidates\": [SPEC,...]}) and/or a search block ({\"search\": {...}},"
                    + " MegaScale-Infer's Algorithm 1; see the README).")
    String candidatesFile;

    @Mixin
    HardwareOptions hardware;

    @Option(names = "--slo-tbt-ms", paramLabel = "MS", defaultValue = "150",
            description = "Time-between-tokens target (default ${DEFAULT-VALUE}, MegaScale-Infer's).")
    double tbtSloMs;

    @Option(names = "--slo-ttft-ms", paramLabel = "MS", defaultValue = "5000",
            description = "Time-to-first-token target (default ${DEFAULT-VALUE}).")
    double ttftSloMs;

    @Option(names = "--slo-target", paramLabel = "FRACTION", defaultValue = "0.99",
            description = "Fraction of requests within both targets the recommended candidate reaches (default ${DEFAULT-VALUE}).")
    double sloTarget;

    @Option(names = "--request-latency", description = "Also write every request's latencies per candidate (table request_latency).")
    boolean requestLatency;

    @Mixin
    ReplayOptions replay;

    @Mixin
    RunOptions run;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> summary = DeploymentCostJob.run(new CostConfig(replay.config(run, WindowSpec.all()),
                candidates, candidatesFile, hardware.hardwareFile, hardware.ffnProfile, hardware.ffnProfileGpu, tbtSloMs,
                ttftSloMs, sloTarget, requestLatency));
        RunReport.print(System.out, summary);
        System.out.println("recommendation: " + summary.get("recommendation") + " (" + summary.get("replayed")
                + " of " + summary.get("candidates") + " candidates replayed)");
        return 0;
    }
}
