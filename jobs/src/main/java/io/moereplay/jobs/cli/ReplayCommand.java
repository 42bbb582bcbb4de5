package io.moereplay.jobs.cli;

import io.moereplay.jobs.replay.RoutingReplayJob;
import io.moereplay.model.hotness.WindowSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Map;
import java.util.concurrent.Callable;

/** {@code moe-replay replay}: a request trace's decode steps routed through a model's MoE layers. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        header = "Replays a request trace through a model's MoE layers: expert loads per window.",
        description = "Replays a request trace's decode steps under continuous batching through every MoE layer of a catalogued "
                + "model, routing tokens with a recorded routing trace or a (calibrated) synthetic model: per (window, "
                + "layer, expert) token loads (table expert_load) and unusable input rows (table rejects).")
final class ReplayCommand implements Callable<Integer> {

    @Option(names = "--window", paramLabel = "LENGTH", defaultValue = "60s", converter = OptionValues.Window.class,
            description = "Output window: a time (60s, 500ms, 5m), decode steps (1step, 100steps), or all. Default: ${DEFAULT-VALUE}.")
    WindowSpec window;

    @Mixin
    ReplayOptions replay;

    @Mixin
    StepReplayOptions steps;

    @Mixin
    RunOptions run;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> summary = RoutingReplayJob.run(replay.config(run, window, steps));
        RunReport.print(System.out, summary);
        return 0;
    }
}
