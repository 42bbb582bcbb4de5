package io.moereplay.jobs.straggler;

import io.moereplay.connectors.catalog.HardwareCatalog;
import io.moereplay.connectors.catalog.ModelCatalog;
import io.moereplay.connectors.profiles.ComponentModel;
import io.moereplay.connectors.profiles.ProfileDatabase;
import io.moereplay.model.catalog.MoeModelSpec;
import io.moereplay.model.perf.ColocatedExpertParallel;
import io.moereplay.model.perf.ExpertPlacement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

class CommunicationModelsTest {

    private static final HardwareCatalog HARDWARE = HardwareCatalog.builtIn();
    private static final ModelCatalog MODELS = ModelCatalog.builtIn();

    /** What the run summary's kernel_models says of attention and the links: "GPU component model". */
    private static List<String> lines(ExpertKernels kernels) {
        return kernels.used().stream().filter(m -> !m.component().equals(ExpertKernels.COMPONENT))
                .map(m -> m.gpu() + " " + m.component() + " " + m.model()).toList();
    }

    @Test
    void deepSeekOnEightH100sUsesThePublishedAllToAllAndTheRooflineForMla() {
        MoeModelSpec deepSeek = MODELS.get("DeepSeek-V3");
        ExpertKernels kernels = ExpertKernels.of(ProfileDatabase.bundled());
        ColocatedExpertParallel deployment = DeploymentSpecs.colocated("d", deepSeek, HARDWARE.get("H100-SXM"),
                ExpertPlacement.contiguous(deepSeek.routedExperts(), 8), kernels, ExpertKernel.GROUPED);
        assertThat(lines(kernels)).containsExactly("H100-SXM all_to_all published", "H100-SXM attention roofline");
        assertThat(kernels.used()).filteredOn(m -> m.component().equals("attention")).extracting(ComponentModel::source)
                .singleElement().asString().contains("DeepSeek-V3 uses MLA");
        // Dispatch at 64 tokens per GPU x top-8 x 7168 x 2 B x 7/8 = 6,422,528 B on the wire:
        // 53.23 us + B / 380.6 GB/s = 70.1 us (the send/recv link gave 8 + B / 360 GB/s = 25.8 us).
        assertThat(deployment.allToAll().micros(64 * 8 * 7168 * 2 * 7.0 / 8)).isCloseTo(70.1, offset(0.1));
    }

    @Test
    void anUnprofiledGpuSaysRooflinePerComponent() {
        ExpertKernels kernels = ExpertKernels.of(ProfileDatabase.bundled());
        DeploymentSpecs.parse("colocated:gpu=L40S,gpus=8", MODELS.get("Mixtral-8x7B"), HARDWARE, kernels);
        assertThat(lines(kernels)).containsExactly("L40S all_to_all roofline", "L40S attention roofline");
        assertThat(kernels.used()).extracting(ComponentModel::source)
                .contains("no decode_attention.csv for L40S: KV at 75% of HBM bandwidth + 5 us",
                        "no NVLink: NIC send/recv fit (Vidur, H100), 7.1 us + 69% of the NIC");
    }

    @Test
    void disaggregatedAttentionListsItsTensorParallelAllReduceAndTheNicHops() {
        ExpertKernels kernels = ExpertKernels.of(ProfileDatabase.bundled());
        DeploymentSpecs.parse("disaggregated:attention=H200,tp-a=2,nodes-a=4,experts=L40S,tp-e=1,m=3",
                MODELS.get("Mixtral-8x7B"), HARDWARE, kernels);
        assertThat(lines(kernels)).containsExactly("H200 all_reduce roofline", "H200 attention measured",
                "H200 all_to_all roofline", "L40S all_to_all roofline");
        // The bundled all_reduce.csv has one size: the 2-GPU all-reduce keeps the send/recv link and says why.
        assertThat(kernels.used()).filteredOn(m -> m.component().equals("all_reduce")).extracting(ComponentModel::source)
                .singleElement().asString().contains("has no 2-GPU line");
    }

    @Test
    void aUsersProfileFolderTimesItsGpusAttention(@TempDir Path dir) throws Exception {
        // Rows on 20 us + bytes / 1,000,000 B/us, for a GPU the bundle lacks: 2 MB -> 22 us, 4 MB -> 24 us.
        Path a100 = Files.createDirectories(dir.resolve("A100-80GB"));
        Files.writeString(a100.resolve("decode_attention.csv"), "model,kv_bytes,median_us,gqa_mode,sdpa_backend\n"
                + "Mixtral-8x7B,2000000,22,enable_gqa,default\nMixtral-8x7B,4000000,24,enable_gqa,default\n");
        ExpertKernels kernels = ExpertKernels.of(ProfileDatabase.bundledPlus(dir));
        ColocatedExpertParallel deployment = (ColocatedExpertParallel) DeploymentSpecs.parse(
                "colocated:gpu=A100-80GB,gpus=2", MODELS.get("Mixtral-8x7B"), HARDWARE, kernels);
        assertThat(lines(kernels)).contains("A100-80GB attention measured");
        assertThat(deployment.attention().startupMicros()).isCloseTo(20, offset(1e-9));
        assertThat(deployment.attention().memoryEfficiency()).isCloseTo(1e6 / HARDWARE.get("A100-80GB").hbmBytesPerMicro(),
                offset(1e-9));
    }
}
