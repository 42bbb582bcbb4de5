package io.moereplay.jobs.cost;

import io.moereplay.connectors.io.json.JsonInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CostSearchKernelsTest {

    @TempDir
    Path dir;

    @Test
    void aSearchWithoutExpertKernelsKeepsTheDefaultKernelsPlans() throws Exception {
        assertThat(read("{\"search\": {\"kinds\": [\"colocated\"], \"gpus\": [\"H200\"], \"colocated_gpus\": [4, 8]}}")
                .plans()).containsExactly("colocated:gpu=H200,gpus=4", "colocated:gpu=H200,gpus=8");
    }

    @Test
    void expertKernelsSearchEachPlanOncePerKernel() throws Exception {
        // 2 GPU counts x 2 kernels = 4 plans, each naming its kernel.
        assertThat(read("{\"search\": {\"kinds\": [\"colocated\"], \"gpus\": [\"H200\"], \"colocated_gpus\": [4, 8],"
                + " \"expert_kernels\": [\"grouped\", \"Sequential\"]}}").plans()).containsExactly(
                "colocated:gpu=H200,gpus=4,expert_kernel=grouped", "colocated:gpu=H200,gpus=4,expert_kernel=sequential",
                "colocated:gpu=H200,gpus=8,expert_kernel=grouped", "colocated:gpu=H200,gpus=8,expert_kernel=sequential");
    }

    @Test
    void anUnknownKernelNamesItsLineAndTheClosestKernel() throws Exception {
        assertThatThrownBy(() -> read("{\"search\": {\"kinds\": [\"colocated\"],\n \"expert_kernels\": [\"groupd\"]}}"))
                .isInstanceOf(JsonInputException.class)
                .hasMessageContaining("candidates.json line 2: $.search.expert_kernels[0]")
                .hasMessageContaining("\"groupd\", not one of grouped, sequential; did you mean \"grouped\"?");
    }

    private CostCandidates.CandidatesFile read(String json) throws Exception {
        Path file = dir.resolve("candidates.json");
        Files.writeString(file, json);
        return CostCandidates.CandidatesFile.read(file);
    }
}
