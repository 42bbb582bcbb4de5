package io.moereplay.jobs.cli;

import io.moereplay.connectors.catalog.ModelCatalog;
import io.moereplay.model.catalog.MoeModelSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code moe-replay models}: the model catalog with parameter counts computed from the dims. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "Print the MoE model catalog (Markdown, as in the README): shape and total/active parameters computed from the dims.")
final class ModelsCommand implements Callable<Integer> {

    @Option(names = "--models-file", paramLabel = "PATH",
            description = "Extra model catalog (JSON) whose models add to or replace the built-in ones.")
    String modelsFile;

    @Override
    public Integer call() {
        System.out.print(markdown(ModelCatalog.builtInPlus(modelsFile)));
        return 0;
    }

    static String markdown(ModelCatalog catalog) {
        StringBuilder out = new StringBuilder();
        out.append("| model | MoE / all layers | routed experts | top-k | shared experts | hidden | expert FFN (matrices x width) |"
                + " attention | total params | active params | weights |\n");
        out.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (ModelCatalog.Entry entry : catalog.entries()) {
            MoeModelSpec m = entry.spec();
            out.append(String.format(Locale.ROOT, "| %s | %d / %d | %d | %d | %d | %d | %d x %s | %s | %.2fB | %.2fB | %.1f GB |%n",
                    m.name(), m.moeLayers(), m.layers(), m.routedExperts(), m.topK(), m.sharedExperts(), m.hiddenSize(),
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
