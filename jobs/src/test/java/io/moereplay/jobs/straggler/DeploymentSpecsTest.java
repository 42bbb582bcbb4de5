package io.moereplay.jobs.straggler;

import io.moereplay.connectors.catalog.HardwareCatalog;
import io.moereplay.connectors.catalog.ModelCatalog;
import io.moereplay.model.catalog.MoeModelSpec;
import io.moereplay.model.perf.ColocatedExpertParallel;
import io.moereplay.model.perf.Deployment;
import io.moereplay.model.perf.PerLayerDeployment;
import io.moereplay.model.placement.EplbPlacement;
import io.moereplay.model.placement.SlotLayout;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Colocated deployments with a placement policy: one placement per layer, fitted to that layer's loads. */
class DeploymentSpecsTest {

    private static final MoeModelSpec MIXTRAL = ModelCatalog.builtIn().get("Mixtral-8x7B");
    private static final HardwareCatalog HARDWARE = HardwareCatalog.builtIn();

    /**
     * Two layers of loads with different hot experts, 4 GPUs, 4 redundant slots: layer l is timed
     * exactly as a colocated deployment with EPLB's placement of layer l's loads (3 slots a GPU).
     */
    @Test
    void eachLayerIsPlacedFromItsOwnLoads() {
        double[][] loads = {{70, 10, 10, 10, 10, 10, 10, 10}, {10, 10, 10, 10, 10, 10, 10, 70}};
        String spec = "colocated:gpu=H100-SXM,gpus=4,placement=eplb,redundant=4";
        Deployment placed = DeploymentSpecs.parse(spec, MIXTRAL, HARDWARE, ExpertKernels.roofline(), () -> loads);
        assertThat(placed).isInstanceOf(PerLayerDeployment.class);
        long[] tokens = {90, 10, 10, 10, 10, 10, 10, 30};
        for (int layer = 0; layer < 2; layer++) {
            ColocatedExpertParallel expected = DeploymentSpecs.colocated(spec, MIXTRAL, HARDWARE.get("H100-SXM"),
                    new EplbPlacement(1).place(loads[layer], SlotLayout.of(8, 4, 4, 1), null), ExpertKernels.roofline(),
                    ExpertKernel.GROUPED);
            assertThat(placed.layer(layer, 40, 40_000, tokens)).isEqualTo(expected.layer(layer, 40, 40_000, tokens));
        }
        assertThat(DeploymentSpecs.redundantSlots(spec)).isEqualTo(4);
        assertThat(DeploymentSpecs.redundantSlots("colocated:gpu=H100-SXM,gpus=4")).isZero();
    }

    @Test
    void aPlacementNeedsLoadsAndAPolicyThatStartsFromNothing() {
        assertThatThrownBy(() -> DeploymentSpecs.parse("colocated:gpu=H100-SXM,gpus=4,placement=eplb,redundant=4", MIXTRAL,
                HARDWARE, ExpertKernels.roofline()))
                .hasMessageContaining("placement= needs expert loads");
        assertThatThrownBy(() -> DeploymentSpecs.parse("colocated:gpu=H100-SXM,gpus=4,placement=incremental", MIXTRAL,
                HARDWARE, ExpertKernels.roofline(), () -> new double[1][8]))
                .hasMessageContaining("placement=incremental moves experts from a placement in force");
        assertThatThrownBy(() -> DeploymentSpecs.parse("colocated:gpu=H100-SXM,gpus=4,redundant=4", MIXTRAL,
                HARDWARE, ExpertKernels.roofline()))
                .hasMessageContaining("redundant= needs placement=");
    }

    /** Every kind takes expert_kernel=, grouped by default; the kernels note which model timed what. */
    @Test
    void everyKindTakesTheExpertKernel() {
        ExpertKernels kernels = ExpertKernels.roofline();
        for (String spec : java.util.List.of("colocated:gpu=H100-SXM,gpus=4,expert_kernel=sequential",
                "disaggregated:attention=H20,tp-a=2,nodes-a=2,experts=L40S,tp-e=1,m=3,expert_kernel=sequential",
                "findep:attention=H20,tp-a=2,nodes-a=2,experts=L40S,tp-e=1,r1=3,r2=2,order=aass,expert_kernel=grouped")) {
            DeploymentSpecs.parse(spec, MIXTRAL, HARDWARE, kernels);
        }
        assertThat(DeploymentSpecs.kernel("colocated:gpu=H100-SXM,gpus=4")).isEqualTo(ExpertKernel.GROUPED);
        assertThat(kernels.used()).filteredOn(m -> m.component().equals(ExpertKernels.COMPONENT))
                .extracting(m -> m.gpu() + " " + m.source().split(":")[0]).containsExactly(
                "H100-SXM sequential kernel", "L40S sequential kernel", "L40S grouped kernel");
        assertThat(kernels.used()).allSatisfy(m -> assertThat(m.model()).isEqualTo("roofline"));
        assertThatThrownBy(() -> DeploymentSpecs.parse("colocated:gpu=H100-SXM,gpus=4,expert_kernel=fused", MIXTRAL,
                HARDWARE, kernels))
                .hasMessage("--deployment 'colocated:gpu=H100-SXM,gpus=4,expert_kernel=fused': expert_kernel=fused is"
                        + " not grouped or sequential");
    }
}
