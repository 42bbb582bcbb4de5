package io.moereplay.jobs.cli;

import io.moereplay.connectors.catalog.HardwareCatalog;
import io.moereplay.connectors.catalog.ModelCatalog;
import io.moereplay.connectors.catalog.ModelChoice;
import io.moereplay.connectors.profiles.ProfileDatabase;
import io.moereplay.jobs.validate.KernelModel;
import io.moereplay.jobs.validate.KernelModels;
import io.moereplay.jobs.validate.LayerCaseCsv;
import io.moereplay.jobs.validate.MeasuredLayers;
import io.moereplay.jobs.validate.ValidationReport;
import io.moereplay.jobs.validate.ValidationRow;
import io.moereplay.jobs.validate.ValidationSummary;
import io.moereplay.jobs.validate.ValidationSweep;
import io.moereplay.model.hardware.GpuSpec;
import io.moereplay.model.validation.LayerCase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code moe-replay validate}: the serving model against an MoE layer measured on a GPU. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        header = "Checks the straggler model against MoE layers measured on a GPU.",
        description = "The straggler model against real GPUs. 'validate cases' writes the layers to measure (loads per expert "
                + "from synthetic skews and recorded routing, placements from the placement policies) for "
                + "bench/gpu/measure_moe_layer.py; 'validate compare' puts its measurements beside the model's predictions "
                + "in the validation table and prints the errors.",
        subcommands = {ValidateCommand.Cases.class, ValidateCommand.Compare.class, ValidateAttentionCommand.class})
final class ValidateCommand {

    @Command(name = "cases", mixinStandardHelpOptions = true, description = "Writes the cases CSV the GPU harness reads.")
    static final class Cases implements Callable<Integer> {

        @Option(names = "--out", required = true, paramLabel = "CSV", description = "The cases file to write.")
        Path out;

        private static final List<String> DEFAULT_MODELS = List.of("Mixtral-8x7B", "Qwen3-30B-A3B", "DeepSeek-V3",
                "OLMoE-1B-7B");

        @Option(names = "--model", split = ",",
                description = "Catalogued models whose expert shapes to measure (default Mixtral-8x7B,Qwen3-30B-A3B,DeepSeek-V3,OLMoE-1B-7B).")
        List<String> models;

        @Option(names = "--model-config", paramLabel = "PATH", converter = OptionValues.InputFile.class,
                description = "Measure the model of this HuggingFace config.json instead of catalogued ones.")
        String modelConfig;

        @Option(names = "--batch", split = ",", defaultValue = "64,256,1024,4096", converter = OptionValues.PositiveLong.class,
                description = "Tokens per batch (default ${DEFAULT-VALUE}).")
        List<Long> batches;

        @Option(names = "--skew", split = ",", defaultValue = "balanced,zipf:0.8,zipf:1.2,hot:4",
                description = "Synthetic loads: balanced, zipf:S, hot:X (default ${DEFAULT-VALUE}).")
        List<String> skews;

        @Option(names = "--routing", paramLabel = "PATH", converter = OptionValues.InputPath.class,
                description = "Recorded routing traces: each adds its most and least even layer as loads, for models with as many experts.")
        List<String> routing = new ArrayList<>();

        @Option(names = "--gpus", defaultValue = "8", converter = OptionValues.PositiveInt.class, description = "Expert-parallel GPUs of the placed cases (default ${DEFAULT-VALUE}).")
        int gpus;

        @Option(names = "--redundant-slots", defaultValue = "8", converter = OptionValues.NonNegativeInt.class,
                description = "Redundant expert slots of the replicated cases (default ${DEFAULT-VALUE}).")
        int redundantSlots;

        @Option(names = "--ep-only", description = "Only the expert-parallel GPUs, not the single-device layer.")
        boolean epOnly;

        @Option(names = "--seed", defaultValue = "1", description = "Seed of the synthetic skews' expert order (default ${DEFAULT-VALUE}).")
        long seed;

        @Override
        public Integer call() throws Exception {
            ModelCatalog catalog;
            List<String> names;
            if (modelConfig == null) {
                catalog = ModelCatalog.builtIn();
                names = models == null ? DEFAULT_MODELS : models;
            } else {
                if (models != null) {
                    throw new IllegalArgumentException("give the models by --model NAMES or by --model-config PATH, not both");
                }
                ModelChoice choice = new ModelChoice(null, null, modelConfig);
                catalog = choice.catalog();
                names = List.of(choice.spec().name());
            }
            List<LayerCase> cases = new ValidationSweep(batches, skews, routing, gpus, redundantSlots, seed, !epOnly)
                    .cases(names.stream().map(catalog::get).toList());
            LayerCaseCsv.write(cases, catalog::get, out);
            System.out.printf("%d cases (%s) -> %s%n", cases.size(), String.join(", ", names), out);
            return 0;
        }
    }

    @Command(name = "compare", mixinStandardHelpOptions = true,
            description = "Writes the validation table (measured vs predicted) and prints the errors.")
    static final class Compare implements Callable<Integer> {

        @Option(names = "--cases", required = true, paramLabel = "CSV", description = "The cases file the harness ran.")
        Path cases;

        @Option(names = "--measured", required = true, paramLabel = "CSV", description = "The harness's measurements.")
        Path measured;

        @Option(names = "--gpu", defaultValue = "H100-SXM", description = "Catalogued GPU the harness ran on (default ${DEFAULT-VALUE}).")
        String gpu;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (the validation table).")
        Path out;

        @Mixin
        HardwareOptions hardware;

        @Option(names = "--model-config", paramLabel = "PATH", converter = OptionValues.InputFile.class,
                description = "The HuggingFace config.json of a model the cases name that is not catalogued (as given to 'validate cases').")
        String modelConfig;

        @Override
        public Integer call() throws Exception {
            ModelCatalog catalog = modelConfig == null ? ModelCatalog.builtIn()
                    : new ModelChoice(null, null, modelConfig).catalog();
            HardwareCatalog gpus = HardwareCatalog.builtInPlus(hardware.hardwareFile);
            GpuSpec spec = gpus.get(gpu);
            String profiles = hardware.profilesDir();
            List<KernelModel> kernels = KernelModels.of(catalog, spec,
                    ProfileDatabase.bundledPlus(profiles == null ? null : Path.of(profiles)));
            List<LayerCase> layerCases = LayerCaseCsv.read(cases);
            MeasuredLayers measurements = MeasuredLayers.read(measured);
            List<String> missing = new ArrayList<>();
            List<ValidationRow> rows = ValidationReport.rows(layerCases, measurements, kernels, missing);
            String runId = "validate-" + Integer.toHexString((cases.getFileName() + "|" + measured.getFileName()).hashCode());
            io.moereplay.jobs.validate.ValidationTable.write(out, runId, measurements.device(), rows);
            System.out.print(ValidationSummary.of(rows).markdown());
            System.out.printf("%d cases, %d measured (%d without measurements%s), %d rows -> %s%n", layerCases.size(),
                    layerCases.size() - missing.size(), missing.size(), missing.isEmpty() ? "" : ", e.g. " + missing.get(0),
                    rows.size(), out.resolve("validation"));
            return 0;
        }
    }
}
