package io.moereplay.connectors.profiles;

import io.moereplay.connectors.catalog.HardwareCatalog;
import io.moereplay.connectors.catalog.ModelCatalog;
import io.moereplay.model.catalog.MoeModelSpec;
import io.moereplay.model.hardware.GpuSpec;
import io.moereplay.model.perf.Collective;
import io.moereplay.model.perf.DecodeAttention;
import io.moereplay.model.perf.LinkModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

class AttentionAndLinksTest {

    private static final GpuSpec H100 = HardwareCatalog.builtIn().get("H100-SXM");
    private static final LinkModel SEND_RECV = new LinkModel(H100.nvlinkBytesPerMicroOneWay(), 8, 0.8);
    private static final GpuProfile BUNDLED_H100 = ProfileDatabase.bundled().forGpu("H100-SXM");

    private static DecodeAttention roofline(MoeModelSpec model) {
        return DecodeAttention.of(model, H100, 1, 0.75, 5, SEND_RECV);
    }

    @Test
    void gqaAttentionOnAProfiledGpuFollowsItsSweep() {
        MoeModelSpec mixtral = ModelCatalog.builtIn().get("Mixtral-8x7B");
        AttentionAndLinks.Picked<DecodeAttention> picked =
                AttentionAndLinks.attention(BUNDLED_H100, mixtral, H100, 1, SEND_RECV, roofline(mixtral));
        assertThat(picked.provenance().model()).isEqualTo("measured");
        assertThat(picked.provenance().source()).startsWith("profiles/H100-SXM/decode_attention.csv (bundled)");
        // A profile row: Mixtral-8x7B, batch 32, context 4096 = 131,072 tokens x 4096 B = 536,870,912 KV bytes, 190.1 us
        // measured. Fit: 11.92 + 536870912 / 2.8777e6 = 198.5 us, plus the weights' read (not in the kernel's row).
        double kernelOnly = picked.model().micros(32, 131_072) - mixtral.attentionParamsPerLayer() * mixtral.bytesPerParam()
                / picked.model().gpu().hbmBytesPerMicro() / picked.model().memoryEfficiency();
        assertThat(kernelOnly).isCloseTo(198.5, offset(0.2));
    }

    @Test
    void mlaAndUnprofiledGpusFallBackToTheRooflineAndSaySo() {
        MoeModelSpec deepSeek = ModelCatalog.builtIn().get("DeepSeek-V3");
        DecodeAttention roofline = roofline(deepSeek);
        AttentionAndLinks.Picked<DecodeAttention> mla =
                AttentionAndLinks.attention(BUNDLED_H100, deepSeek, H100, 1, SEND_RECV, roofline);
        assertThat(mla.model()).isSameAs(roofline);
        assertThat(mla.provenance().model()).isEqualTo("roofline");
        assertThat(mla.provenance().source()).contains("GQA rows only").contains("DeepSeek-V3 uses MLA");

        MoeModelSpec mixtral = ModelCatalog.builtIn().get("Mixtral-8x7B");
        AttentionAndLinks.Picked<DecodeAttention> l40s = AttentionAndLinks.attention(GpuProfile.none("L40S"), mixtral,
                H100, 1, SEND_RECV, roofline(mixtral));
        assertThat(l40s.provenance()).isEqualTo(ComponentModel.roofline("L40S", "attention",
                "no decode_attention.csv for L40S: KV at 75% of HBM bandwidth + 5 us"));
    }

    @Test
    void allToAllLinkIsChosenByTheGroupsGpuCount(@TempDir Path dir) throws Exception {
        // 2 GPUs: 30 us + wire / 100,000 B/us (wire = half the buffer); 8 GPUs: 20 us + wire / 350,000 B/us.
        Path gpu = Files.createDirectories(dir.resolve("H100-SXM"));
        Files.writeString(gpu.resolve("all_to_all.csv"), "gpus,bytes_per_rank,median_us,origin,source\n"
                + "2,2097152,40.48576,measured,here\n"
                + "2,4194304,50.97152,measured,here\n"
                + "8,8388608,40.9715,measured,here\n"
                + "8,67108864,187.772,measured,here\n");
        GpuProfile profile = ProfileDatabase.bundledPlus(dir).forGpu("H100-SXM");

        AttentionAndLinks.Picked<LinkModel> two = AttentionAndLinks.collective(profile, Collective.ALL_TO_ALL, H100, 2, SEND_RECV);
        assertThat(two.model().startupMicros()).isCloseTo(30, offset(1e-3));
        assertThat(two.provenance().model()).isEqualTo("measured");
        assertThat(two.provenance().source()).contains("H100-SXM/all_to_all.csv: 2 GPUs, 30.0 us + wire bytes / 100 GB/s");
        AttentionAndLinks.Picked<LinkModel> eight = AttentionAndLinks.collective(profile, Collective.ALL_TO_ALL, H100, 8, SEND_RECV);
        assertThat(eight.model().startupMicros()).isCloseTo(20, offset(1e-3));

        AttentionAndLinks.Picked<LinkModel> four = AttentionAndLinks.collective(profile, Collective.ALL_TO_ALL, H100, 4, SEND_RECV);
        assertThat(four.model()).isSameAs(SEND_RECV);
        assertThat(four.provenance().model()).isEqualTo("roofline");
        assertThat(four.provenance().source()).contains("has no 4-GPU line").contains("send/recv fit (Vidur, H100): 8.0 us + 80% of NVLink");
        // This user folder replaces the bundled one whole: it has no all_reduce.csv.
        assertThat(AttentionAndLinks.collective(profile, Collective.ALL_REDUCE, H100, 8, SEND_RECV).provenance().source())
                .startsWith("no all_reduce.csv for H100-SXM");
    }

    @Test
    void bundledH100AllToAllIsPublishedAndCitesItsSources() {
        AttentionAndLinks.Picked<LinkModel> eight =
                AttentionAndLinks.collective(BUNDLED_H100, Collective.ALL_TO_ALL, H100, 8, SEND_RECV);
        assertThat(eight.provenance().model()).isEqualTo("published");
        assertThat(eight.provenance().source()).contains("profiles/H100-SXM/all_to_all.csv (bundled): 8 GPUs, 53.2 us + wire bytes / 381 GB/s")
                .contains("https://github.com/NVIDIA/nccl-tests/issues/314");
    }
}
