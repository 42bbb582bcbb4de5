package io.moereplay.model.hardware;

import java.io.Serializable;
import java.util.Objects;

/**
 * One GPU type as the serving models see it: peak dense bf16 compute, memory, and the links a
 * token crosses. Figures are the vendor's peak numbers; the models apply measured efficiencies.
 *
 * @param name catalog key, e.g. {@code H100-SXM}
 * @param bf16Tflops dense (no sparsity) bf16 tensor-core peak, TFLOP/s
 * @param hbmGBs memory bandwidth, GB/s (10^9 bytes)
 * @param memoryGB memory capacity, GB (10^9 bytes)
 * @param nvlinkGBs NVLink bandwidth per GPU, GB/s, both directions together as datasheets state it;
 *     0 for GPUs without NVLink (they talk over PCIe and the NIC)
 * @param nicGbps network bandwidth per GPU to other nodes, Gbit/s, one direction
 * @param usdPerHour price of one GPU for one hour
 * @param watts maximum board power
 */
public record GpuSpec(
        String name,
        double bf16Tflops,
        double hbmGBs,
        double memoryGB,
        double nvlinkGBs,
        double nicGbps,
        double usdPerHour,
        double watts) implements Serializable {

    public GpuSpec {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        positive("bf16Tflops", bf16Tflops);
        positive("hbmGBs", hbmGBs);
        positive("memoryGB", memoryGB);
        if (!(nvlinkGBs >= 0) || Double.isInfinite(nvlinkGBs)) {
            throw new IllegalArgumentException("nvlinkGBs must be a number >= 0, got " + nvlinkGBs);
        }
        positive("nicGbps", nicGbps);
        positive("usdPerHour", usdPerHour);
        positive("watts", watts);
    }

    /** Peak dense bf16 FLOP per microsecond. */
    public double flopsPerMicro() {
        return bf16Tflops * 1e6;
    }

    /** Memory bytes per microsecond. */
    public double hbmBytesPerMicro() {
        return hbmGBs * 1e3;
    }

    /** NVLink bytes per microsecond in one direction (half the datasheet's bidirectional figure). */
    public double nvlinkBytesPerMicroOneWay() {
        return nvlinkGBs * 1e3 / 2;
    }

    /** NIC bytes per microsecond in one direction. */
    public double nicBytesPerMicro() {
        return nicGbps * 1e3 / 8;
    }

    /** The roofline's ridge point: FLOPs per byte of memory traffic at which compute and memory balance. */
    public double ridgeFlopsPerByte() {
        return bf16Tflops * 1e12 / (hbmGBs * 1e9);
    }

    private static void positive(String field, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(field + " must be a positive number, got " + value);
        }
    }
}
