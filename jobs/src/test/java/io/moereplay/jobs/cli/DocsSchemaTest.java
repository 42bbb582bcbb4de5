package io.moereplay.jobs.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/output-tables.md documents exactly the schemas the writers use. */
class DocsSchemaTest {

    @Test
    void readmeSchemaSectionIsTheWritersSchemas() throws Exception {
        String readme = Files.readString(Path.of("../docs/output-tables.md"));
        int begin = readme.indexOf("<!-- schema:begin -->\n");
        int end = readme.indexOf("<!-- schema:end -->");

        assertThat(begin).as("schema markers in docs/output-tables.md").isNotNegative();
        assertThat(readme.substring(begin + "<!-- schema:begin -->\n".length(), end))
                .as("docs/output-tables.md schema section; regenerate it with ./moe-replay schema")
                .isEqualTo(OutputTables.markdown());
    }
}
