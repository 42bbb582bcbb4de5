package io.moereplay.jobs.cli;

import io.moereplay.jobs.hotness.ExpertHotnessJob;
import io.moereplay.jobs.hotness.HotnessConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Map;
import java.util.concurrent.Callable;

/** {@code moe-replay hotness}: expert hotness and layer balance per window. */
@Command(name = "hotness", mixinStandardHelpOptions = true,
        header = "Expert hotness and layer balance per window, from routing traces.",
        description = "Per (window, layer, expert) token counts, shares, ranks and hot flags (table expert_hotness), per "
                + "(window, layer) balancedness, max/mean, entropy, Gini and drift (table layer_balance), and every unusable "
                + "input row with its reason (table rejects).")
final class HotnessCommand implements Callable<Integer> {

    @Mixin
    LoadOptions loads;

    @Option(names = "--hot-threshold", paramLabel = "X", defaultValue = "1.5", converter = OptionValues.PositiveDouble.class,
            description = "An expert is hot when its load is at least X times the layer mean (default ${DEFAULT-VALUE}).")
    double hotThreshold;

    @Mixin
    RunOptions run;

    @Override
    public Integer call() throws Exception {
        HotnessConfig config = new HotnessConfig(loads.routing, loads.routingFormat, loads.requests,
                loads.requestsFormat, loads.window, run.out, run.parallelism, hotThreshold, loads.layers,
                loads.experts, run.runId, run.maxRejects);
        Map<String, Object> summary = ExpertHotnessJob.run(config);
        RunReport.print(System.out, summary);
        return 0;
    }
}
