package io.moereplay.jobs.straggler;

import io.moereplay.connectors.profiles.AttentionAndLinks;
import io.moereplay.connectors.profiles.AttentionAndLinks.Picked;
import io.moereplay.connectors.profiles.ComponentModel;
import io.moereplay.model.catalog.MoeModelSpec;
import io.moereplay.model.hardware.GpuSpec;
import io.moereplay.model.perf.Collective;
import io.moereplay.model.perf.DecodeAttention;
import io.moereplay.model.perf.LinkModel;

/**
 * Decode attention and the links of a deployment, from the deployment GPU's profile folder where it
 * has one ({@link AttentionAndLinks}), each choice noted in {@link ExpertKernels#note} for the run
 * summary's {@code kernel_models}. One host's collectives (an all-to-all of up to 8 GPUs, a
 * tensor-parallel all-reduce) cross NVLink and follow the profile's NCCL figures; traffic between
 * nodes keeps the NIC's send/recv fit, for no profile measures it yet.
 */
final class CommunicationModels {

    private CommunicationModels() {}

    /** Attention split {@code tp} ways on {@code gpu}, its all-reduce crossing {@link #tensorParallel}. */
    static DecodeAttention attention(MoeModelSpec model, GpuSpec gpu, int tp, ExpertKernels kernels) {
        LinkModel link = tensorParallel(gpu, tp, kernels);
        DecodeAttention roofline = DecodeAttention.of(model, gpu, tp, ExpertKernels.MEMORY_EFFICIENCY,
                ExpertKernels.KERNEL_STARTUP_MICROS, link);
        return noted(AttentionAndLinks.attention(kernels.profile(gpu), model, gpu, tp, link, roofline), kernels);
    }

    /** The all-reduce link of a tensor-parallel group of {@code tp} GPUs (NVLink when the GPU has it). */
    static LinkModel tensorParallel(GpuSpec gpu, int tp, ExpertKernels kernels) {
        if (gpu.nvlinkGBs() == 0) {
            return acrossNodes(gpu, Collective.ALL_REDUCE, "no NVLink", tp > 1 ? kernels : null);
        }
        Picked<LinkModel> link = AttentionAndLinks.collective(kernels.profile(gpu), Collective.ALL_REDUCE, gpu, tp,
                DeploymentSpecs.nvlink(gpu));
        return tp > 1 ? noted(link, kernels) : link.model();
    }

    /** The all-to-all link of {@code gpus} colocated GPUs: NVLink within one 8-GPU node, else the NIC. */
    static LinkModel allToAll(GpuSpec gpu, int gpus, ExpertKernels kernels) {
        if (gpus > 8 || gpu.nvlinkGBs() == 0) {
            return acrossNodes(gpu, Collective.ALL_TO_ALL, gpus > 8 ? gpus + " GPUs span nodes" : "no NVLink", kernels);
        }
        return noted(AttentionAndLinks.collective(kernels.profile(gpu), Collective.ALL_TO_ALL, gpu, gpus,
                DeploymentSpecs.nvlink(gpu)), kernels);
    }

    /** A disaggregated deployment's hop between attention and expert nodes, over {@code gpu}'s NIC. */
    static LinkModel betweenNodes(GpuSpec gpu, ExpertKernels kernels) {
        return acrossNodes(gpu, Collective.ALL_TO_ALL, "attention to experts across nodes", kernels);
    }

    /** @param kernels where to note the choice, or null to leave it unnoted (a link nothing crosses) */
    private static LinkModel acrossNodes(GpuSpec gpu, Collective collective, String why, ExpertKernels kernels) {
        LinkModel nic = DeploymentSpecs.nic(gpu);
        if (kernels != null) {
            kernels.note(ComponentModel.roofline(gpu.name(), collective.id(), why + ": NIC send/recv fit (Vidur, H100), "
                    + nic.startupMicros() + " us + " + Math.round(100 * nic.peakUtilisation()) + "% of the NIC"));
        }
        return nic;
    }

    private static <T> T noted(Picked<T> picked, ExpertKernels kernels) {
        kernels.note(picked.provenance());
        return picked.model();
    }
}
