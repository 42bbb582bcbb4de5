package io.moereplay.jobs.straggler;

import io.moereplay.connectors.catalog.HardwareCatalog;
import io.moereplay.connectors.catalog.ModelCatalog;
import io.moereplay.connectors.profiles.ComponentModel;
import io.moereplay.model.catalog.MoeModelSpec;
import io.moereplay.model.perf.ColocatedExpertParallel;
import io.moereplay.model.perf.ExpertPlacement;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

class CommunicationModelsTest {

    private static final HardwareCatalog HARDWARE = HardwareCatalog.builtIn();
    private static final ModelCatalog MODELS = ModelCatalog.builtIn();

    @Test
    void deepSeekOnEightH100sUsesThePublishedAllToAllAndTheRooflineForMla() {
        MoeModelSpec deepSeek = MODELS.get("DeepSeek-V3");
        List<ComponentModel> lines = CommunicationModels.of("colocated:gpu=H100-SXM,gpus=8", deepSeek, HARDWARE);
        assertThat(lines).extracting(ComponentModel::component, ComponentModel::model)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("attention", "roofline"),
                        org.assertj.core.groups.Tuple.tuple("all_to_all", "published"));

        // The deployment prices dispatch with that link: 64 tokens per GPU x top-8 x 7168 x 2 B x 7/8 = 6,422,528 B,
        // 53.23 us + B / 380.6 GB/s = 70.1 us (the send/recv link gave 25.8 us).
        ColocatedExpertParallel deployment = DeploymentSpecs.colocated("d", deepSeek, HARDWARE.get("H100-SXM"),
                ExpertPlacement.contiguous(deepSeek.routedExperts(), 8), ExpertKernels.roofline());
        assertThat(deployment.allToAll().micros(64 * 8 * 7168 * 2 * 7.0 / 8)).isCloseTo(70.1, offset(0.1));
    }

    @Test
    void anUnprofiledGpuSaysRooflinePerComponent() {
        List<ComponentModel> lines = CommunicationModels.of("colocated:gpu=L40S,gpus=8", MODELS.get("Mixtral-8x7B"), HARDWARE);
        assertThat(lines).extracting(ComponentModel::model).containsOnly("roofline");
        assertThat(lines.get(0).source()).isEqualTo("no decode_attention.csv for L40S: KV at 75% of HBM bandwidth + 5 us");
        assertThat(lines.get(1).source()).startsWith("no NVLink: NIC send/recv fit");
    }

    @Test
    void disaggregatedAttentionListsItsTensorParallelAllReduceAndTheNicHops() {
        List<ComponentModel> lines = CommunicationModels.of(
                "disaggregated:attention=H100-SXM,tp-a=2,nodes-a=4,experts=H100-SXM,tp-e=1,m=3",
                MODELS.get("Mixtral-8x7B"), HARDWARE);
        assertThat(lines).extracting(ComponentModel::component)
                .containsExactly("attention", "all_reduce", "all_to_all", "all_to_all");
        assertThat(lines.get(0).model()).isEqualTo("measured");
        // The bundled all_reduce.csv has one size: the 2-GPU all-reduce keeps the send/recv link and says why.
        assertThat(lines.get(1).model()).isEqualTo("roofline");
        assertThat(lines.get(1).source()).contains("has no 2-GPU line");
    }

    @Test
    void theSummaryListsEachGpuAndComponentOnce() {
        List<java.util.Map<String, Object>> lines = CommunicationModels.summary(List.of("colocated:gpu=H200,gpus=8",
                "colocated:gpu=H200,gpus=8,placement=eplb,redundant=8", "colocated:gpu=H100-SXM,gpus=4"),
                MODELS.get("Qwen3-30B-A3B"), HARDWARE);
        assertThat(lines).extracting(line -> line.get("gpu") + " " + line.get("component") + " " + line.get("model"))
                .containsExactly("H200 attention measured", "H200 all_to_all published", "H100-SXM attention measured",
                        "H100-SXM all_to_all roofline");
        assertThat(lines.get(0).get("source").toString()).startsWith("profiles/H200/decode_attention.csv (bundled)");
    }
}
