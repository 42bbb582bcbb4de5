package io.moereplay.connectors.profiles;

import io.moereplay.model.perf.AttentionKernelFit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

class DecodeAttentionProfileTest {

    static final Path H100 = Path.of("../profiles/H100-SXM/decode_attention.csv");
    private static final String HEADER = "model,heads,kv_heads,head_dim,batch,context,kv_bytes,median_us,p10_us,p90_us,reps,"
            + "gpu,torch_version,cuda_version,gqa_mode,sdpa_backend,kv_cache_bytes,tbps,kernels\n";

    @Test
    void fitsOnlyDefaultBackendRowsWithGqaInTheKernel(@TempDir Path dir) throws Exception {
        // Used rows lie on 12 us + bytes / 3,000,000 B/us: 3 MB -> 13 us, 6 MB -> 14 us, 30 MB -> 22 us.
        // The flash and repeat_interleave rows are off the line and must be left out.
        Path csv = dir.resolve("decode_attention.csv");
        Files.writeString(csv, HEADER
                + "A,32,8,128,1,1,3000000,13,0,0,1,G,t,c,enable_gqa,default,0,0,\n"
                + "A,32,8,128,1,2,6000000,14,0,0,1,G,t,c,enable_gqa,default,0,0,\n"
                + "B,64,4,128,1,3,30000000,22,0,0,1,G,t,c,enable_gqa,default,0,0,\n"
                + "A,32,8,128,1,2,6000000,99,0,0,1,G,t,c,enable_gqa,flash,0,0,\n"
                + "A,32,8,128,1,2,6000000,77,0,0,1,G,t,c,repeat_interleave,default,0,0,\n");
        DecodeAttentionProfile profile = DecodeAttentionProfile.read(csv);
        assertThat(profile.fit().floorMicros()).isCloseTo(12, offset(1e-9));
        assertThat(profile.fit().kvBytesPerMicro()).isCloseTo(3e6, offset(1e-3));
        List<DecodeAttentionProfile.Error> errors = profile.errors(bytes -> 11 + bytes / 3e6);
        // A: |12-13|/13 and |13-14|/14; B: |21-22|/22.
        assertThat(errors).extracting(DecodeAttentionProfile.Error::model).containsExactly("A", "B");
        assertThat(errors.get(0).meanAbsolutePercentageError()).isCloseTo((1 / 13.0 + 1 / 14.0) / 2, offset(1e-12));
        assertThat(errors.get(0).worstError()).isCloseTo(1 / 13.0, offset(1e-12));
        assertThat(errors.get(1).rows()).isEqualTo(1);
    }

    @Test
    void refusesAFileWithoutUsableRows(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("decode_attention.csv");
        Files.writeString(csv, HEADER + "A,32,8,128,1,1,3000000,13,0,0,1,G,t,c,enable_gqa,flash,0,0,\n");
        assertThatThrownBy(() -> DecodeAttentionProfile.read(csv)).hasMessageContaining("sdpa_backend=default");
    }

    @Test
    void h100ProfileWithin10PercentWhereThe75PercentRooflineMissesBy24() throws Exception {
        DecodeAttentionProfile profile = DecodeAttentionProfile.read(H100);
        AttentionKernelFit fit = profile.fit();
        // numpy relative least squares over the 60 rows: 11.92 us + bytes / 2.878 TB/s, 7.37% MAPE.
        assertThat(fit.points()).isEqualTo(60);
        assertThat(fit.floorMicros()).isCloseTo(11.92, offset(0.01));
        assertThat(fit.kvBytesPerMicro()).isCloseTo(2.8777e6, offset(1e3));
        assertThat(fit.meanAbsolutePercentageError()).isCloseTo(0.0737, offset(0.0005));
        for (DecodeAttentionProfile.Error error : profile.errors(fit::micros)) {
            assertThat(error.meanAbsolutePercentageError()).as(error.model()).isLessThan(0.10);
        }
        // Today's model: 5 us + bytes at 75% of 3.35 TB/s, 23.6% MAPE over the same rows.
        double old = profile.errors(bytes -> 5 + bytes / (0.75 * 3.35e6)).stream()
                .mapToDouble(e -> e.meanAbsolutePercentageError() * e.rows()).sum() / 60;
        assertThat(old).isCloseTo(0.2355, offset(0.0005));
    }
}
