package io.moereplay.jobs.cli;

import io.moereplay.jobs.cost.CostConfig;
import io.moereplay.jobs.cost.DeploymentCostJob;
import io.moereplay.jobs.cost.SloSettings;
import io.moereplay.model.cost.ServingSlo;
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
        description = "Serves the request trace with every candidate deployment (continuous batching bounded by its batch"
                + " and KV cache, iterations timed by the serving model with the routing model's skew; each candidate"
                + " schedules by its own batch and predicted step times): throughput, TTFT and TBT at the SLO's"
                + " percentiles, GPU utilisation and dollars per million tokens per candidate (table deployment_cost);"
                + " the frontier of cost per token against TBT at the SLO percentile, with the recommended candidate,"
                + " the cheapest that meets the SLO (table pareto); with --request-latency, every request's latencies"
                + " (table request_latency).")
final class CostCommand implements Callable<Integer> {

    @Option(names = "--candidate", paramLabel = "SPEC",
            description = {"A candidate: a deployment spec as for `straggler` ending in ,batch=B; repeat for several, e.g.",
                    "disaggregated:attention=H20,tp-a=2,nodes-a=4,experts=L40S,tp-e=1,m=3,batch=512"})
    List<String> candidates = List.of();

    @Option(names = "--candidates", paramLabel = "JSON",
            description = "A file of candidates ({\"candidates\": [SPEC,...]}) and/or a search block ({\"search\": {...}},"
                    + " MegaScale-Infer's Algorithm 1; see docs/commands/cost.md).")
    String candidatesFile;

    @Mixin
    HardwareOptions hardware;

    @Option(names = "--slo-tbt-ms", paramLabel = "MS", defaultValue = "150",
            description = "Time-between-tokens target (default ${DEFAULT-VALUE}, MegaScale-Infer's).")
    double tbtSloMs;

    @Option(names = "--slo-tbt-percentile", paramLabel = "P", defaultValue = "99",
            description = "Percentile of every inter-token gap of every request that must be within --slo-tbt-ms"
                    + " (default ${DEFAULT-VALUE}: p99 per token, as MegaScale-Infer's TBT SLO).")
    double tbtPercentile;

    @Option(names = "--slo-ttft-ms", paramLabel = "MS", defaultValue = "5000",
            description = "Time-to-first-token target (default ${DEFAULT-VALUE}).")
    double ttftSloMs;

    @Option(names = "--slo-ttft-percentile", paramLabel = "P", defaultValue = "99",
            description = "Percentile of the requests' TTFT that must be within --slo-ttft-ms (default ${DEFAULT-VALUE}).")
    double ttftPercentile;

    /** Removed: a share of requests within their mean TBT is what let a p99 of 204 ms pass a 150 ms target. */
    @Option(names = "--slo-target", hidden = true, paramLabel = "FRACTION")
    Double removedSloTarget;

    @Option(names = "--request-latency", description = "Also write every request's latencies per candidate (table request_latency).")
    boolean requestLatency;

    @Mixin
    ReplayOptions replay;

    @Mixin
    RunOptions run;

    @Override
    public Integer call() throws Exception {
        if (removedSloTarget != null) {
            throw new IllegalArgumentException("--slo-target was removed: the SLO is met at a percentile of every token"
                    + " gap; give --slo-tbt-percentile " + percent(removedSloTarget) + " (and --slo-ttft-percentile) instead");
        }
        ServingSlo slo = new ServingSlo(SloSettings.ms("--slo-tbt-ms", tbtSloMs),
                SloSettings.percentile("--slo-tbt-percentile", tbtPercentile), SloSettings.ms("--slo-ttft-ms", ttftSloMs),
                SloSettings.percentile("--slo-ttft-percentile", ttftPercentile));
        Map<String, Object> summary = DeploymentCostJob.run(new CostConfig(
                replay.config(run, WindowSpec.all(), new StepReplayOptions()), candidates, candidatesFile,
                hardware.hardwareFile, hardware.profilesDir(), slo, requestLatency));
        RunReport.print(System.out, summary);
        return 0;
    }

    private static String percent(double fraction) {
        return java.math.BigDecimal.valueOf(fraction).movePointRight(2).stripTrailingZeros().toPlainString();
    }
}
