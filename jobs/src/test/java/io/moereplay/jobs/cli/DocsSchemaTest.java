package io.moereplay.jobs.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/output-tables.md documents exactly the schemas the writers use. */
class DocsSchemaTest {

    @Test
    void readmeSchemaSectionIsTheWritersSchemas() throws Exception {
        assertThat(GeneratedDocSection.of("docs/output-tables.md", "schema"))
                .as("docs/output-tables.md schema section; regenerate it with ./moe-replay schema")
                .isEqualTo(OutputTables.markdown());
    }
}
