package io.moereplay.jobs.cli;

import io.moereplay.connectors.catalog.HardwareCatalog;
import io.moereplay.connectors.profiles.AttentionCheck;
import io.moereplay.connectors.profiles.GpuProfile;
import io.moereplay.connectors.profiles.ProfileDatabase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code moe-replay validate attention}: the decode attention model against each GPU's measured sweep. */
@Command(name = "attention", mixinStandardHelpOptions = true,
        description = "Prints, per GPU and profiled model, how far the serving model's decode attention lands from the"
                + " GPU's decode_attention.csv (default backend, enable_gqa rows), beside the 75% roofline it replaced.")
final class ValidateAttentionCommand implements Callable<Integer> {

    @Option(names = "--profiles", paramLabel = "DIR", description = "Profile folders to add to the bundled ones"
            + " (one GPU's folder or a folder of them, as profiles/).")
    Path profiles;

    @Option(names = "--gpu", paramLabel = "GPU", split = ",",
            description = "Catalogued GPUs to check (default: every GPU with a decode_attention.csv).")
    List<String> gpus;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ProfileDatabase database = ProfileDatabase.bundledPlus(profiles);
        HardwareCatalog hardware = HardwareCatalog.builtIn();
        List<String> names = gpus != null ? gpus
                : database.gpus().stream().filter(g -> database.forGpu(g).decodeAttention().isPresent()).toList();
        for (String name : names) {
            GpuProfile profile = database.forGpu(name);
            spec.commandLine().getOut().println(AttentionCheck.of(profile, hardware.get(name)).markdown());
        }
        spec.commandLine().getOut().flush();
        return 0;
    }
}
