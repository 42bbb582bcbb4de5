package io.moereplay.jobs.cli;

import io.moereplay.connectors.catalog.HardwareCatalog;
import io.moereplay.connectors.profiles.AttentionCheck;
import io.moereplay.connectors.profiles.ProfileDatabase;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

class ValidateAttentionCommandTest {

    @Test
    void everyProfiledGpuIsWithin10PercentOfItsSweep() throws Exception {
        ProfileDatabase database = ProfileDatabase.bundled();
        for (String gpu : database.gpus()) {
            if (database.forGpu(gpu).decodeAttention().isEmpty()) {
                continue;
            }
            AttentionCheck check = AttentionCheck.of(database.forGpu(gpu), HardwareCatalog.builtIn().get(gpu));
            assertThat(check.mape()).as(gpu).isLessThan(0.10);
            for (AttentionCheck.Row row : check.rows()) {
                assertThat(row.fittedMape()).as(gpu + " " + row.model()).isLessThan(0.10);
            }
        }
    }

    @Test
    void printsTheH100TableBesideThe75PercentRoofline() {
        StringWriter out = new StringWriter();
        CommandLine cli = MoeReplayCli.commandLine();
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute("validate", "attention", "--gpu", "H100-SXM")).isZero();
        // 60 rows: fit 7.4% MAPE, worst row 20.9% (numpy); the roofline 23.6% over the same rows.
        assertThat(out.toString()).contains("H100-SXM: profiles/H100-SXM/decode_attention.csv (bundled)",
                "fit 11.9 us + KV bytes / 2.88 TB/s", "| Mixtral-8x7B | 20 |", "| all | 60 | 7.4% | 20.9% | 23.6% |");
    }

    @Test
    void checksTheH200SweepOfFiveModels() {
        StringWriter out = new StringWriter();
        CommandLine cli = MoeReplayCli.commandLine();
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute("validate", "attention", "--gpu", "H200")).isZero();
        // 125 rows (numpy): 11.9 us + KV / 4.28 TB/s, 6.2% MAPE, worst 20.5%; the roofline at 75% of 4.8 TB/s 23.7%.
        assertThat(out.toString()).contains("fit 11.9 us + KV bytes / 4.28 TB/s", "| OLMoE-1B-7B | 25 |",
                "| all | 125 | 6.2% | 20.5% | 23.7% |");
    }

    @Test
    void checkErrorsAreThoseOfTheFitOverTheSameRows() throws Exception {
        AttentionCheck check = AttentionCheck.of(ProfileDatabase.bundled().forGpu("H100-SXM"),
                HardwareCatalog.builtIn().get("H100-SXM"));
        double pooled = check.rows().stream().mapToDouble(r -> r.fittedMape() * r.rows()).sum() / 60;
        assertThat(pooled).isCloseTo(check.mape(), offset(1e-12));
        assertThat(check.rooflineMape()).isCloseTo(0.2355, offset(0.0005));
    }
}
