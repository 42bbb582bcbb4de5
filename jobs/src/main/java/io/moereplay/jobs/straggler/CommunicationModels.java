package io.moereplay.jobs.straggler;

import io.moereplay.connectors.catalog.HardwareCatalog;
import io.moereplay.connectors.profiles.AttentionAndLinks;
import io.moereplay.connectors.profiles.AttentionAndLinks.Picked;
import io.moereplay.connectors.profiles.ComponentModel;
import io.moereplay.connectors.profiles.GpuProfile;
import io.moereplay.connectors.profiles.ProfileDatabase;
import io.moereplay.model.catalog.MoeModelSpec;
import io.moereplay.model.hardware.GpuSpec;
import io.moereplay.model.perf.Collective;
import io.moereplay.model.perf.DecodeAttention;
import io.moereplay.model.perf.LinkModel;

import java.util.ArrayList;
import java.util.List;

/**
 * Decode attention and the links of a deployment, from the deployment GPU's profile folder where it
 * has one ({@link AttentionAndLinks}), and the {@link ComponentModel} lines that say so. One host's
 * collectives (an all-to-all of up to 8 GPUs, a tensor-parallel all-reduce) cross NVLink and follow
 * the profile's NCCL figures; traffic between nodes keeps the NIC's send/recv fit, for no profile
 * measures it yet.
 */
public final class CommunicationModels {

    private CommunicationModels() {}

    /** The bundled profiles, read once. */
    private static final class Bundled {
        static final ProfileDatabase PROFILES = ProfileDatabase.bundled();
    }

    static GpuProfile profile(GpuSpec gpu) {
        return Bundled.PROFILES.forGpu(gpu.name());
    }

    /** Attention split {@code tp} ways on {@code gpu}, its all-reduce crossing {@link #tensorParallel}. */
    static Picked<DecodeAttention> attention(MoeModelSpec model, GpuSpec gpu, int tp) {
        LinkModel link = tensorParallel(gpu, tp).model();
        DecodeAttention roofline = DecodeAttention.of(model, gpu, tp, ExpertKernels.MEMORY_EFFICIENCY,
                ExpertKernels.KERNEL_STARTUP_MICROS, link);
        return AttentionAndLinks.attention(profile(gpu), model, gpu, tp, link, roofline);
    }

    /** The all-reduce link of a tensor-parallel group of {@code tp} GPUs (NVLink when the GPU has it). */
    static Picked<LinkModel> tensorParallel(GpuSpec gpu, int tp) {
        if (gpu.nvlinkGBs() == 0) {
            return acrossNodes(gpu, Collective.ALL_REDUCE, "no NVLink");
        }
        return AttentionAndLinks.collective(profile(gpu), Collective.ALL_REDUCE, gpu, tp, DeploymentSpecs.nvlink(gpu));
    }

    /** The all-to-all link of {@code gpus} colocated GPUs: NVLink within one 8-GPU node, else the NIC. */
    static Picked<LinkModel> allToAll(GpuSpec gpu, int gpus) {
        if (gpus > 8 || gpu.nvlinkGBs() == 0) {
            return acrossNodes(gpu, Collective.ALL_TO_ALL, gpus > 8 ? gpus + " GPUs span nodes" : "no NVLink");
        }
        return AttentionAndLinks.collective(profile(gpu), Collective.ALL_TO_ALL, gpu, gpus, DeploymentSpecs.nvlink(gpu));
    }

    private static Picked<LinkModel> acrossNodes(GpuSpec gpu, Collective collective, String why) {
        LinkModel nic = DeploymentSpecs.nic(gpu);
        return new Picked<>(nic, ComponentModel.roofline(gpu.name(), collective.id(), why + ": NIC send/recv fit"
                + " (Vidur, H100), " + nic.startupMicros() + " us + " + Math.round(100 * nic.peakUtilisation()) + "% of the NIC"));
    }

    /**
     * The distinct lines of every spec, as a run summary writes them: which model timed attention and
     * each collective, per GPU.
     */
    public static List<java.util.Map<String, Object>> summary(List<String> specs, MoeModelSpec model,
            HardwareCatalog hardware) {
        return specs.stream().flatMap(spec -> of(spec, model, hardware).stream()).distinct()
                .map(ComponentModel::asMap).toList();
    }

    /**
     * What times attention and each collective of a spec {@link DeploymentSpecs#parse} accepts: the
     * run summary's lines for these components.
     */
    public static List<ComponentModel> of(String spec, MoeModelSpec model, HardwareCatalog hardware) {
        List<DeploymentSpecs.GpuPool> pools = DeploymentSpecs.pools(spec, model, hardware);
        DeploymentSpecs.GpuPool first = pools.get(0);
        List<ComponentModel> out = new ArrayList<>();
        if (first.role().equals("colocated")) {
            out.add(attention(model, first.gpu(), 1).provenance());
            out.add(allToAll(first.gpu(), first.count()).provenance());
            return out;
        }
        int tp = first.count() / DeploymentSpecs.attentionNodes(spec);
        out.add(attention(model, first.gpu(), tp).provenance());
        if (tp > 1) {
            out.add(tensorParallel(first.gpu(), tp).provenance());
        }
        for (DeploymentSpecs.GpuPool pool : pools) {
            out.add(acrossNodes(pool.gpu(), Collective.ALL_TO_ALL, "attention to experts across nodes").provenance());
        }
        return out;
    }
}
