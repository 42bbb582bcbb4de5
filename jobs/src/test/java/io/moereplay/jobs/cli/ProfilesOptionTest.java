package io.moereplay.jobs.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** --profiles replaces --ffn-profile and --ffn-profile-gpu, which are refused with a pointer to it. */
class ProfilesOptionTest {

    private static final String POINTER = " was removed: each GPU's profiles are picked by the deployment's GPU from"
            + " profiles/<GPU>/ (bundled); pass --profiles DIR for a folder of your own (see profiles/README.md)";

    @Test
    void theRemovedProfileOptionsPointToProfiles() {
        assertThat(err("straggler", "--requests", "../sample-traces/requests.csv", "--model", "Mixtral-8x7B",
                "--deployment", "colocated:gpu=H100-SXM,gpus=8", "--ffn-profile", "../profiles/H100-SXM/expert_ffn.csv",
                "--out", "x"))
                .isEqualTo("moe-replay straggler: --ffn-profile" + POINTER + "\nsee `moe-replay straggler --help`");
        assertThat(err("validate", "compare", "--cases", "../bench/gpu/validation/cases.csv", "--measured",
                "../bench/gpu/validation/h100_moe_layer.csv", "--ffn-profile-gpu", "H100-SXM", "--out", "x"))
                .startsWith("moe-replay validate compare: --ffn-profile-gpu" + POINTER);
    }

    @Test
    void helpNamesProfilesAndNotTheRemovedOptions() {
        StringWriter out = new StringWriter();
        MoeReplayCli.commandLine().setOut(new PrintWriter(out)).execute("straggler", "--help");
        assertThat(out.toString()).contains("--profiles=DIR").doesNotContain("--ffn-profile");
    }

    private static String err(String... args) {
        StringWriter err = new StringWriter();
        MoeReplayCli.commandLine().setErr(new PrintWriter(err)).execute(args);
        return err.toString().strip();
    }
}
