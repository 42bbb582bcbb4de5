package io.moereplay.jobs.output;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The README documents exactly the schemas the writers use. */
class ReadmeSchemaTest {

    @Test
    void readmeSchemaSectionIsTheWritersSchemas() throws Exception {
        String readme = Files.readString(Path.of("../README.md"));
        int begin = readme.indexOf("<!-- schema:begin -->\n");
        int end = readme.indexOf("<!-- schema:end -->");

        assertThat(begin).as("schema markers in README.md").isNotNegative();
        assertThat(readme.substring(begin + "<!-- schema:begin -->\n".length(), end))
                .as("README.md schema section; regenerate it with ./moe-replay schema")
                .isEqualTo(OutputTables.markdown());
    }
}
