package io.moereplay.jobs.nightly;

import io.moereplay.jobs.straggler.StragglerRowsMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NightlyConfigTest {

    @TempDir
    Path dir;

    @Test
    void modelConfigIsAPathRelativeToTheConfiguration() throws IOException {
        Files.createDirectories(dir.resolve("models/Kimi-K2"));
        Files.copy(Path.of("../connectors/src/test/resources/hf-configs/Kimi-K2/config.json"),
                dir.resolve("models/Kimi-K2/config.json"));
        Path file = Files.writeString(dir.resolve("nightly.json"),
                "{\"requests\": \"requests.csv\", \"model_config\": \"models/Kimi-K2/config.json\"}");
        NightlyConfig config = NightlyConfig.load(file);
        assertThat(config.model().name()).isNull();
        assertThat(config.model().configFile()).isEqualTo(dir.resolve("models/Kimi-K2/config.json").toString());
        assertThat(NightlyConfig.load(Files.writeString(dir.resolve("named.json"),
                "{\"requests\": \"r.csv\", \"model\": \"DBRX\"}")).model().name()).isEqualTo("DBRX");
    }

    @Test
    void anUnknownModelOrAMissingConfigFailsTheLoadAtItsKey() throws IOException {
        Path name = Files.writeString(dir.resolve("name.json"), "{\"requests\": \"r.csv\",\n \"model\": \"DBRX-2\"}");
        assertThatThrownBy(() -> NightlyConfig.load(name))
                .hasMessageStartingWith(name + " line 2: $.model: no model \"DBRX-2\" in the catalog");
        Path config = Files.writeString(dir.resolve("config.json"), "{\"requests\": \"r.csv\", \"model_config\": \"c.json\"}");
        assertThatThrownBy(() -> NightlyConfig.load(config))
                .hasMessage(config + " line 1: $.model_config: " + dir.resolve("c.json") + ": no such file");
    }

    @Test
    void bothOrNeitherModelIsAnErrorNamingTheFile() throws IOException {
        Path both = Files.writeString(dir.resolve("both.json"),
                "{\"requests\": \"r.csv\", \"model\": \"DBRX\", \"model_config\": \"c.json\"}");
        assertThatThrownBy(() -> NightlyConfig.load(both)).hasMessageContaining("both.json")
                .hasMessageContaining("\"model\": NAME").hasMessageContaining("exactly one");
        Path neither = Files.writeString(dir.resolve("neither.json"), "{\"requests\": \"r.csv\"}");
        assertThatThrownBy(() -> NightlyConfig.load(neither)).hasMessageContaining("neither.json")
                .hasMessageContaining("\"model_config\": PATH");
    }

    @Test
    void stragglerRowsDefaultToAllAndAnUnknownChoiceFailsAtItsKey() throws IOException {
        assertThat(NightlyConfig.load(Files.writeString(dir.resolve("default.json"),
                "{\"requests\": \"r.csv\", \"model\": \"DBRX\"}")).stragglerRows()).isEqualTo(StragglerRowsMode.ALL);
        assertThat(NightlyConfig.load(Files.writeString(dir.resolve("sampled.json"),
                "{\"requests\": \"r.csv\", \"model\": \"DBRX\", \"straggler_rows\": \"sampled\"}")).stragglerRows())
                .isEqualTo(StragglerRowsMode.SAMPLED);
        Path some = Files.writeString(dir.resolve("some.json"),
                "{\"requests\": \"r.csv\", \"model\": \"DBRX\",\n \"straggler_rows\": \"some\"}");
        assertThatThrownBy(() -> NightlyConfig.load(some)).hasMessage(some + " line 2: $.straggler_rows: 'some' is not a"
                + " choice; give all, sampled (one step in 100, every layer and deployment) or none");
    }

    @Test
    void placementSlotsAreCheckedAgainstTheModelAsTheFileIsLoaded() throws IOException {
        // DBRX has 16 routed experts: 64 redundant slots over 4 GPUs are 20 per GPU, 48 are 16.
        Path tooMany = Files.writeString(dir.resolve("slots.json"), "{\"requests\": \"r.csv\", \"model\": \"DBRX\","
                + " \"placement\": {\"gpus\": 4, \"redundant_slots\": 64}}");
        assertThatThrownBy(() -> NightlyConfig.load(tooMany)).hasMessageStartingWith(tooMany + " line 1:"
                + " $.placement.redundant_slots 64 over $.placement.gpus 4 gives 20 slots per GPU, more than the 16"
                + " experts per layer of DBRX")
                .hasMessageEndingWith("at most 48 redundant slots fit on 4 GPUs");
        Path fits = Files.writeString(dir.resolve("fits.json"), "{\"requests\": \"r.csv\", \"model\": \"DBRX\","
                + " \"placement\": {\"gpus\": 4, \"redundant_slots\": 48}}");
        assertThat(NightlyConfig.load(fits).placement().path("redundant_slots").asInt()).isEqualTo(48);
    }

    @Test
    void theSampleConfigurationsLoadAndTheRemovedSloTargetSaysWhatReplacedIt() throws IOException {
        NightlyConfig sample = NightlyConfig.load(Path.of("../sample-traces/nightly.json"));
        assertThat(sample.deployments()).hasSize(3);
        assertThat(sample.placement().path("redundant_slots").asInt()).isEqualTo(4);
        assertThat(NightlyConfig.load(Path.of("../sample-traces/nightly-sglang.json")).routingWindow()).isEqualTo("50pass");
        Path file = Files.writeString(dir.resolve("cost.json"), "{\"requests\": \"r.csv\", \"model\": \"DBRX\","
                + " \"cost\": {\"candidates\": [\"colocated:gpu=H100-SXM,gpus=8,batch=64\"], \"slo_target\": 0.99}}");
        assertThatThrownBy(() -> NightlyConfig.load(file)).hasMessageContaining("slo_target was removed")
                .hasMessageContaining("\"slo_tbt_percentile\": 99");
    }
}
