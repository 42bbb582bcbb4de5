package io.moereplay.jobs.cli;

import io.moereplay.connectors.catalog.ModelCatalog;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/models.md's model table is the catalog's, parameter counts computed from the dims. */
class DocsModelsTest {

    @Test
    void readmeModelTableIsTheCatalog() throws Exception {
        String table = ModelsCommand.markdown(ModelCatalog.builtIn());
        assertThat(GeneratedDocSection.of("docs/models.md", "models"))
                .as("docs/models.md model section; regenerate it with ./moe-replay models")
                .isEqualTo(table);
        assertThat(table).contains("| Mixtral-8x7B | 32 / 32 | 8 | 2 | 0 | 4096 | 3 x 14336 |");
    }
}
