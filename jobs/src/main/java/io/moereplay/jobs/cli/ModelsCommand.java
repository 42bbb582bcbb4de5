package io.moereplay.jobs.cli;

import io.moereplay.connectors.catalog.ModelCatalog;
import io.moereplay.connectors.catalog.ModelChoice;
import io.moereplay.model.catalog.MoeModelSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code moe-replay models}: the model catalog with parameter counts computed from the dims, or
 * with {@code --model-config} the one model a HuggingFace config.json gives, to check it before a run.
 */
@Command(name = "models", mixinStandardHelpOptions = true,
        header = "Prints the MoE model catalog, or the model of a config.json.",
        description = "Print the MoE model catalog (Markdown, as in docs/models.md): shape and total/active parameters computed from "
                + "the dims; with --model-config, the row of the model that HuggingFace config.json gives.")
final class ModelsCommand implements Callable<Integer> {

    @Option(names = "--models-file", paramLabel = "PATH", converter = OptionValues.InputFile.class,
            description = "Extra model catalog (JSON) whose models add to or replace the built-in ones.")
    String modelsFile;

    @Option(names = "--model-config", paramLabel = "PATH", converter = OptionValues.InputFile.class,
            description = "A HuggingFace config.json: print the model it gives instead of the catalog.")
    String modelConfig;

    @Override
    public Integer call() {
        System.out.print(modelConfig == null ? markdown(ModelCatalog.builtInPlus(modelsFile))
                : markdown(List.of(new ModelChoice(null, modelsFile, modelConfig).spec())));
        return 0;
    }

    static String markdown(ModelCatalog catalog) {
        return markdown(catalog.entries().stream().map(ModelCatalog.Entry::spec).toList());
    }

    static String markdown(List<MoeModelSpec> models) {
        StringBuilder out = new StringBuilder();
        out.append("| model | MoE / all layers (the MoE ones) | routed experts | top-k | shared experts | hidden | expert FFN (matrices x width) |"
                + " attention | total params | active params | weights |\n");
        out.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (MoeModelSpec m : models) {
            out.append(String.format(Locale.ROOT, "| %s | %d / %d%s | %d | %d | %d | %d | %d x %s | %s | %.2fB | %.2fB | %.1f GB |%n",
                    m.name(), m.moeLayers(), m.layers(),
                    m.moeLayers() < m.layers() ? " (" + m.moeLayerList() + ")" : "", m.routedExperts(), m.topK(), m.sharedExperts(), m.hiddenSize(),
                    m.ffnMatrices(), m.expertIntermediateSize(),
                    attention(m), m.totalParams() / 1e9, m.activeParams() / 1e9, m.totalBytes() / 1e9));
        }
        return out.toString();
    }

    private static String attention(MoeModelSpec m) {
        return m.mla() != null
                ? String.format(Locale.ROOT, "MLA, %d heads, kv rank %d", m.heads(), m.mla().kvLoraRank())
                : String.format(Locale.ROOT, "%d heads, %d KV heads x %d", m.heads(), m.kvHeads(), m.headDim());
    }
}
