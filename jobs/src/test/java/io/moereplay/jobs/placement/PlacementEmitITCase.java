package io.moereplay.jobs.placement;

import io.moereplay.connectors.catalog.ModelChoice;
import io.moereplay.connectors.placementfiles.EnginePlacement;
import io.moereplay.connectors.placementfiles.EnginePlacementFiles;
import io.moereplay.connectors.placementfiles.EnginePlacementFormat;
import io.moereplay.jobs.output.OutputCommitter;
import io.moereplay.model.hotness.WindowSpec;
import io.moereplay.model.placement.DispatchRule;
import io.moereplay.model.perf.ExpertPlacement;
import io.moereplay.model.placement.LayerSlots;
import io.moereplay.model.placement.SlotLayout;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code placement --emit sglang} over the sample SGLang dump (Mixtral-8x7B, 4 GPUs, 4 redundant
 * slots, 50-pass windows, as README "From your engine"): the file reads back into the committed
 * recommended placement, the summary names it, and {@code --current FILE} runs from it.
 */
class PlacementEmitITCase {

    @TempDir
    Path tmp;

    @Test
    void emittedSglangFileReadsBackIntoTheRecommendedPlacementAndRunsAsCurrent() throws Exception {
        PlacementConfig first = config(null, tmp.resolve("run1"));
        PlacementJob.run(first);

        PlacementEmitter.Emitted emitted = PlacementEmitter.emit(first, EnginePlacementFormat.SGLANG, tmp.resolve("engine"));

        assertThat(emitted.file()).isEqualTo(tmp.resolve("engine/expert_location.json"));
        SlotLayout layout = SlotLayout.of(8, 4, 4, 1);
        Path run = Path.of(first.out());
        String policy = CurrentPlacements.recommended(run);
        Map<Integer, ExpertPlacement> committed = CurrentPlacements.read(run, policy, 8, layout);
        EnginePlacement read = EnginePlacementFiles.read(emitted.file(), 8, 4).placement();
        assertThat(read.layers()).hasSize(32);  // Mixtral: every decoder layer is a MoE layer
        committed.forEach((layer, placement) -> assertThat(read.layers().get(layer)).as("layer %d", layer)
                .isEqualTo(policy.equals("none") ? EnginePlacementFormat.SGLANG.trivial(layer, 8, 4, 3)
                        : LayerSlots.of(layer, placement, 3)));
        JsonNode summary = new ObjectMapper().readTree(run.resolve(OutputCommitter.SUMMARY).toFile());
        assertThat(summary.path("emit").path("format").asText()).isEqualTo("sglang");
        assertThat(summary.path("emit").path("path").asText()).isEqualTo(emitted.file().toString());
        assertThat(summary.path("emit").path("policy").asText()).isEqualTo(policy);

        Map<String, Object> second = PlacementJob.run(config(emitted.file().toString(), tmp.resolve("run2")));
        assertThat(second.toString()).contains("current=" + emitted.file());
        assertThat(Files.exists(tmp.resolve("run2").resolve(OutputCommitter.SUMMARY))).isTrue();
    }

    @Test
    void anEngineFileForOtherSlotsIsRefusedAsCurrentNamingTheFile() throws Exception {
        Path file = Files.writeString(tmp.resolve("expert_location.json"), "{\"physical_to_logical_map\": [[0, 1, 2, 3, 4, 5, 6, 7]]}");
        assertThatThrownBy(() -> PlacementJob.run(config(file.toString(), tmp.resolve("run"))))
                .hasMessage("--current " + file + ": 8 slots per layer, but this run has 12 (4 GPUs x 3); give --gpus and"
                        + " --redundant-slots as the engine was started");
    }

    private static PlacementConfig config(String current, Path out) {
        return new PlacementConfig(List.of(Path.of("..", "sample-traces", "sglang").toString()), null, null, null,
                WindowSpec.parse("50pass"), null, null, ModelChoice.named("Mixtral-8x7B"), "H100-SXM", null, 4, 1, 4, 1,
                DispatchRule.EQUAL, PlacementConfig.ALL_POLICIES, "10%", 1, 2, List.of(1, 2), 256, 1024, current, null, out.toString(), 2,
                null, 1000);
    }
}
