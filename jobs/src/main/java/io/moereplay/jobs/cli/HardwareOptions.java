package io.moereplay.jobs.cli;

import picocli.CommandLine.Option;

/** The GPU catalog and the profile database that commands timing deployments take. */
final class HardwareOptions {

    @Option(names = "--hardware-file", paramLabel = "PATH", converter = OptionValues.InputFile.class,
            description = "Extra GPU catalog (JSON) whose GPUs add to or replace the built-in ones.")
    String hardwareFile;

    @Option(names = "--profiles", paramLabel = "DIR", converter = OptionValues.InputPath.class,
            description = "Your own GPU profiles (bench/gpu/profile.sh writes them): one GPU's folder, named as the"
                    + " hardware catalog names the GPU, or a folder of such folders. They add to the bundled ones"
                    + " (profiles/ in the repository); for a GPU in both, yours replace the bundled folder.")
    String profiles;

    /** Removed: a profile is now picked by the deployment's GPU, so a profile of another GPU cannot be used by mistake. */
    @Option(names = "--ffn-profile", hidden = true, paramLabel = "CSV")
    String removedFfnProfile;

    @Option(names = "--ffn-profile-gpu", hidden = true, paramLabel = "GPU")
    String removedFfnProfileGpu;

    /** {@code --profiles}, or null; refuses the removed options. */
    String profilesDir() {
        if (removedFfnProfile != null || removedFfnProfileGpu != null) {
            throw new IllegalArgumentException((removedFfnProfile != null ? "--ffn-profile" : "--ffn-profile-gpu")
                    + " was removed: each GPU's profiles are picked by the deployment's GPU from profiles/<GPU>/"
                    + " (bundled); pass --profiles DIR for a folder of your own (see profiles/README.md)");
        }
        return profiles;
    }
}
