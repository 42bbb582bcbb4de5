package io.moereplay.model.perf;

import io.moereplay.model.hardware.GpuSpec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

class AttentionKernelFitTest {

    @Test
    void recoversFloorAndBandwidthOfRowsOnALine() {
        // 10 us + bytes / (2e6 B/us): 2 MB -> 11 us, 4 MB -> 12 us, 8 MB -> 14 us.
        AttentionKernelFit fit = AttentionKernelFit.of(new double[] {2e6, 4e6, 8e6}, new double[] {11, 12, 14});
        assertThat(fit.floorMicros()).isCloseTo(10, offset(1e-9));
        assertThat(fit.kvBytesPerMicro()).isCloseTo(2e6, offset(1e-3));
        assertThat(fit.meanAbsolutePercentageError()).isCloseTo(0, offset(1e-12));
        assertThat(fit.micros(16e6)).isCloseTo(18, offset(1e-9));
    }

    @Test
    void pricesAttentionWithItsFloorAndBandwidth() {
        GpuSpec gpu = new GpuSpec("G", 1000, 4000, 80, 900, 400, 1, 700);
        AttentionKernelFit fit = new AttentionKernelFit(12, 3e6, 0, 2);
        LinkModel link = new LinkModel(450e3, 8, 0.8);
        // 4096 KV bytes per token (8 KV heads x 128 x K and V x bf16), no weights: 1000 tokens = 4,096,000 B.
        DecodeAttention attention = new DecodeAttention(4096, 0, 4096, 1, gpu, 3e6 / 4e6, 12, link);
        assertThat(attention.micros(4, 1000)).isCloseTo(12 + 4_096_000 / 3e6, offset(1e-9));
        assertThat(fit.micros(4_096_000)).isCloseTo(attention.micros(4, 1000), offset(1e-9));
    }

    @Test
    void refusesAFitWithoutABandwidth() {
        assertThatThrownBy(() -> AttentionKernelFit.of(new double[] {1e6, 2e6}, new double[] {20, 10}))
                .hasMessageContaining("not memory-bound");
    }

    @Test
    void linkFromALineTakesItsStartupAndBandwidth() {
        // 50 us + wire bytes / 300,000 B/us on a 450,000 B/us link: two thirds of nominal.
        LinearFit line = LinearFit.of(new double[] {0, 3e6}, new double[] {50, 60});
        LinkModel link = LinkModel.fromLine(450e3, line);
        assertThat(link.startupMicros()).isCloseTo(50, offset(1e-9));
        assertThat(link.peakUtilisation()).isCloseTo(2.0 / 3, offset(1e-9));
        assertThat(link.micros(6e6)).isCloseTo(70, offset(1e-9));
        // Faster than nominal (NVLink SHARP): W rises to what was reached.
        LinkModel sharp = LinkModel.fromLine(200e3, line);
        assertThat(sharp.bytesPerMicro()).isCloseTo(300e3, offset(1e-6));
        assertThat(sharp.peakUtilisation()).isCloseTo(1, offset(1e-12));
    }
}
