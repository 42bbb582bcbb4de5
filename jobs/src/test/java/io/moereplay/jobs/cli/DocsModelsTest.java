package io.moereplay.jobs.cli;

import io.moereplay.connectors.catalog.ModelCatalog;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's model table is the catalog's, parameter counts computed from the dims. */
class ReadmeModelsTest {

    @Test
    void readmeModelTableIsTheCatalog() throws Exception {
        String readme = Files.readString(Path.of("../README.md"));
        int begin = readme.indexOf("<!-- models:begin -->\n");
        int end = readme.indexOf("<!-- models:end -->");

        assertThat(begin).as("models markers in README.md").isNotNegative();
        String table = ModelsCommand.markdown(ModelCatalog.builtIn());
        assertThat(readme.substring(begin + "<!-- models:begin -->\n".length(), end))
                .as("README.md model section; regenerate it with ./moe-replay models")
                .isEqualTo(table);
        assertThat(table).contains("| Mixtral-8x7B | 32 / 32 | 8 | 2 | 0 | 4096 | 3 x 14336 |");
    }
}
