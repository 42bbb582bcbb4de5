package io.moereplay.connectors.profiles;

import io.moereplay.model.perf.Collective;
import io.moereplay.model.perf.LinkModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

class CollectiveProfileTest {

    private static final String HEADER = "gpus,bytes_per_rank,median_us,busbw_GBps,gpu,nccl_version,origin,source\n";

    @Test
    void fitsOneLinkPerGpuCountOverWireBytes(@TempDir Path dir) throws Exception {
        // 8 GPUs: wire bytes = 7/8 of the buffer; 20 us + wire / 350,000 B/us.
        //   8 MiB -> 7,340,032 wire B -> 20 + 20.9715 = 40.9715 us; 64 MiB -> 58,720,256 -> 20 + 167.772 = 187.772 us.
        // 2 GPUs: wire = half; 30 us + wire / 100,000 B/us: 2 MiB -> 30 + 10.48576; 4 MiB -> 30 + 20.97152.
        // 4 GPUs: one size only, and the 512-byte row of 8 GPUs is below the fitted range.
        Path csv = dir.resolve("all_to_all.csv");
        Files.writeString(csv, HEADER
                + "8,512,9.0,0,H100-SXM,2.21,measured,test\n"
                + "8,8388608,40.9715,0,H100-SXM,2.21,measured,test\n"
                + "8,67108864,187.772,0,H100-SXM,2.21,measured,test\n"
                + "2,2097152,40.48576,0,H100-SXM,2.21,measured,test\n"
                + "2,4194304,50.97152,0,H100-SXM,2.21,measured,test\n"
                + "4,4194304,30.0,0,H100-SXM,2.21,measured,test\n");
        CollectiveProfile profile = CollectiveProfile.read(Collective.ALL_TO_ALL, csv);
        assertThat(profile.fits()).containsOnlyKeys(2, 8);
        assertThat(profile.origin()).isEqualTo("measured");

        LinkModel eight = profile.link(8, 450e3).orElseThrow();
        assertThat(eight.startupMicros()).isCloseTo(20, offset(1e-3));
        assertThat(eight.bytesPerMicro() * eight.peakUtilisation()).isCloseTo(350e3, offset(5.0));
        LinkModel two = profile.link(2, 450e3).orElseThrow();
        assertThat(two.startupMicros()).isCloseTo(30, offset(1e-3));
        assertThat(two.bytesPerMicro() * two.peakUtilisation()).isCloseTo(100e3, offset(1.0));
        assertThat(profile.link(4, 450e3)).isEmpty();
    }

    @Test
    void allReduceCountsBothPassesOfItsBuffer(@TempDir Path dir) throws Exception {
        // 4 GPUs: wire = 2 x 3/4 = 1.5 x buffer; 10 us + wire / 150,000 B/us: 1 MB buffer -> 10 + 10, 2 MB -> 10 + 20.
        Path csv = dir.resolve("all_reduce.csv");
        Files.writeString(csv, HEADER
                + "4,1500000,25,0,H100-SXM,,published,a paper\n"
                + "4,1000000,20,0,H100-SXM,,measured,here\n"
                + "4,2000000,30,0,H100-SXM,,measured,here\n");
        CollectiveProfile profile = CollectiveProfile.read(Collective.ALL_REDUCE, csv);
        LinkModel link = profile.link(4, 450e3).orElseThrow();
        assertThat(link.startupMicros()).isCloseTo(10, offset(1e-6));
        assertThat(link.micros(3e6)).isCloseTo(30, offset(1e-6));
        assertThat(profile.origin()).isEqualTo("published");
    }

    @Test
    void committedH100AllToAllIsFarSlowerThanSendRecvAtDecodeSizes() throws Exception {
        CollectiveProfile profile = CollectiveProfile.read(Collective.ALL_TO_ALL, Path.of("../profiles/H100-SXM/all_to_all.csv"));
        assertThat(profile.origin()).isEqualTo("published");
        // 4 GPUs have one published size: no fit, the deployment keeps the send/recv model.
        assertThat(profile.fits()).containsOnlyKeys(8);
        LinkModel link = profile.link(8, 450e3).orElseThrow();
        // Relative least squares over the four rows from 1 MiB (numpy, by hand): 53.23 us + wire / 380.6 GB/s.
        assertThat(link.startupMicros()).isCloseTo(53.23, offset(0.01));
        assertThat(link.bytesPerMicro() * link.peakUtilisation()).isCloseTo(380.57e3, offset(50.0));
        // DeepSeek-V3, 64 tokens per GPU, top-8, 7168 x bf16, 7/8 away: 6,422,528 B. Send/recv: 8 us + B / 360 GB/s.
        double dispatch = 64 * 8 * 7168 * 2 * 7.0 / 8;
        assertThat(link.micros(dispatch)).isCloseTo(70.1, offset(0.1));
        assertThat(new LinkModel(450e3, 8, 0.8).micros(dispatch)).isCloseTo(25.8, offset(0.1));
    }

    @Test
    void committedAllReduceHasTooFewSizesToFit() throws Exception {
        CollectiveProfile profile = CollectiveProfile.read(Collective.ALL_REDUCE, Path.of("../profiles/H100-SXM/all_reduce.csv"));
        assertThat(profile.fits()).isEmpty();
        assertThat(profile.link(8, 450e3)).isEmpty();
    }

    @Test
    void aBadNumberIsNamedByLineAndColumn(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("all_to_all.csv");
        Files.writeString(csv, HEADER + "8,1048576,58.1,0,H20,,published,x\neight,2097152,58.9,0,H20,,published,x\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CollectiveProfile.read(Collective.ALL_TO_ALL, csv))
                .hasMessageContaining("line 3, column gpus: 'eight' is not a number");
    }
}
