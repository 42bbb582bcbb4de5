package io.moereplay.connectors.profiles;

import io.moereplay.model.perf.BackToBackSaving;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class BackToBackProfileTest {

    private static final String HEADER = "model,hidden,intermediate,tokens,experts_in_row,median_us,p10_us,p90_us,reps,gpu,torch_version,cuda_version";

    @TempDir
    Path dir;

    @Test
    void eachTokenCountSavesWhatTheLongestRunSavesPerExtraExpert() throws Exception {
        // At 8 tokens: one expert 100 us, four in a row 340 us: (4 x 100 - 340) / 3 = 20 us each.
        // At 64 tokens: 120 us and 480 us: nothing saved. The run of 2 is not the longest, so unused.
        Path csv = Files.write(dir.resolve("x_expert_sequence.csv"), List.of(HEADER,
                "M,64,128,8,1,100,99,101,10,H100,2,13", "M,64,128,8,2,190,189,191,10,H100,2,13",
                "M,64,128,8,4,340,339,341,10,H100,2,13", "M,64,128,64,1,120,119,121,10,H100,2,13",
                "M,64,128,64,2,240,239,241,10,H100,2,13", "M,64,128,64,4,480,479,481,10,H100,2,13"));
        Map<String, BackToBackSaving> savings = MeasuredProfiles.backToBackSaving(csv);
        assertThat(savings.get("M").tokens()).containsExactly(8, 64);
        assertThat(savings.get("M").savingMicros()[0]).isCloseTo(20, within(1e-12));
        assertThat(savings.get("M").savingMicros()[1]).isCloseTo(0, within(1e-12));
    }

    @Test
    void aModelWithoutTheLongestRunAtEveryCountIsNamed() throws Exception {
        Path csv = Files.write(dir.resolve("y_expert_sequence.csv"), List.of(HEADER,
                "M,64,128,8,1,100,99,101,10,H100,2,13", "M,64,128,8,4,340,339,341,10,H100,2,13",
                "M,64,128,64,1,120,119,121,10,H100,2,13"));
        assertThatThrownBy(() -> MeasuredProfiles.backToBackSaving(csv))
                .hasMessageContaining("y_expert_sequence.csv: M needs runs of 1 and of 4 experts at the same token counts");
    }
}
