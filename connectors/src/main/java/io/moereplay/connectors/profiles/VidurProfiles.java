package io.moereplay.connectors.profiles;

import io.moereplay.model.perf.ProfilePoints;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Vidur's measured H100 profiles (microsoft/vidur, {@code data/profiling/}), in milliseconds,
 * turned into (x, microseconds) points.
 */
public final class VidurProfiles {

    private VidurProfiles() {}

    /**
     * A gated MLP's time (up projection, activation and down projection medians summed) over
     * {@code num_tokens}, at one tensor-parallel degree.
     */
    public static ProfilePoints mlp(Path csv, int tensorParallel) throws IOException {
        ProfileTable table = ProfileTable.read(csv)
                .where("num_tensor_parallel_workers", v -> v.equals(Integer.toString(tensorParallel)));
        double[] up = table.numbers("time_stats.mlp_up_proj.median");
        double[] act = table.numbers("time_stats.mlp_act.median");
        double[] down = table.numbers("time_stats.mlp_down_proj.median");
        double[] micros = new double[up.length];
        for (int i = 0; i < micros.length; i++) {
            micros[i] = (up[i] + act[i] + down[i]) * 1000;
        }
        return new ProfilePoints("Vidur H100 gated MLP 4096x11008, TP " + tensorParallel, table.numbers("num_tokens"), micros);
    }

    /** Median send/recv time over message {@code size} (bytes) for {@code devicesPerNode} (1: across nodes). */
    public static ProfilePoints sendRecv(Path csv, int devicesPerNode) throws IOException {
        ProfileTable table = ProfileTable.read(csv)
                .where("devices_per_node", v -> v.equals(Integer.toString(devicesPerNode)));
        double[] ms = table.numbers("time_stats.send_recv.median");
        double[] micros = new double[ms.length];
        for (int i = 0; i < ms.length; i++) {
            micros[i] = ms[i] * 1000;
        }
        return new ProfilePoints("Vidur H100 send/recv, " + devicesPerNode + " device(s) per node", table.numbers("size"), micros);
    }
}
