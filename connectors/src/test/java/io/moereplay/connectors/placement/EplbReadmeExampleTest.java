package io.moereplay.connectors.placement;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moereplay.model.placement.EplbPlacement;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** DeepSeek EPLB's README example (../shared/traces/routing/eplb_readme_example.json), reproduced exactly. */
class EplbReadmeExampleTest {

    @Test
    void hierarchicalPolicyReproducesPhy2Log() throws Exception {
        String shared = System.getProperty("moe.shared.dir", "../../shared");
        Path file = Path.of(shared, "traces", "routing", "eplb_readme_example.json");
        Assumptions.assumeTrue(Files.isRegularFile(file), "shared example " + file + " is absent");
        JsonNode example = new ObjectMapper().readTree(file.toFile());
        JsonNode inputs = example.get("inputs");
        JsonNode expected = example.get("expected_output").get("phy2log");
        assertThat(inputs.get("weight").size()).isEqualTo(2);
        for (int layer = 0; layer < 2; layer++) {
            JsonNode weights = inputs.get("weight").get(layer);
            double[] load = new double[weights.size()];
            for (int e = 0; e < load.length; e++) {
                load[e] = weights.get(e).asDouble();
            }
            int[] phy2log = EplbPlacement.phy2log(load, inputs.get("num_replicas").asInt(),
                    inputs.get("num_groups").asInt(), inputs.get("num_nodes").asInt(), inputs.get("num_gpus").asInt());
            int[] want = new int[expected.get(layer).size()];
            for (int s = 0; s < want.length; s++) {
                want[s] = expected.get(layer).get(s).asInt();
            }
            assertThat(phy2log).as("layer %d", layer).containsExactly(want);
        }
    }
}
