package io.moereplay.jobs.cli;

import picocli.CommandLine.Option;

/** The GPU catalog and the measured expert profile that commands timing deployments take. */
final class HardwareOptions {

    @Option(names = "--hardware-file", paramLabel = "PATH", converter = OptionValues.InputFile.class,
            description = "Extra GPU catalog (JSON) whose GPUs add to or replace the built-in ones.")
    String hardwareFile;

    @Option(names = "--ffn-profile", paramLabel = "CSV", converter = OptionValues.InputFile.class,
            description = "Measured expert FFN profile (profiles/H100-SXM/expert_ffn.csv format): experts of this model on"
                    + " --ffn-profile-gpu at TP 1 are timed by its fit instead of the roofline, less what experts save"
                    + " run back to back when the sequence profile lies beside it (expert_sequence.csv).")
    String ffnProfile;

    @Option(names = "--ffn-profile-gpu", paramLabel = "GPU", defaultValue = "H100-SXM",
            description = "The GPU --ffn-profile was measured on (default ${DEFAULT-VALUE}).")
    String ffnProfileGpu;
}
