package io.moereplay.jobs.nightly;

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
        Path file = Files.writeString(dir.resolve("nightly.json"),
                "{\"requests\": \"requests.csv\", \"model_config\": \"models/Kimi-K2/config.json\"}");
        NightlyConfig config = NightlyConfig.load(file);
        assertThat(config.model().name()).isNull();
        assertThat(config.model().configFile()).isEqualTo(dir.resolve("models/Kimi-K2/config.json").toString());
        assertThat(NightlyConfig.load(Files.writeString(dir.resolve("named.json"),
                "{\"requests\": \"r.csv\", \"model\": \"DBRX\"}")).model().name()).isEqualTo("DBRX");
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
}
