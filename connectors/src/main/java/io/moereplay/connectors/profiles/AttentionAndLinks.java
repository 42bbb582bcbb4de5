package io.moereplay.connectors.profiles;

import io.moereplay.model.catalog.MoeModelSpec;
import io.moereplay.model.hardware.GpuSpec;
import io.moereplay.model.perf.Collective;
import io.moereplay.model.perf.DecodeAttention;
import io.moereplay.model.perf.LinkModel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decode attention and the collectives of one host, as a deployment GPU's profile gives them, each
 * with the {@link ComponentModel} a run summary lists: the fit to {@code decode_attention.csv} for
 * GQA models, the link fitted to {@code all_to_all.csv} / {@code all_reduce.csv} for the group's GPU
 * count; otherwise the caller's model (the 75% roofline, Vidur's send/recv link), labelled
 * {@code roofline} with the reason.
 */
public final class AttentionAndLinks {

    /** A model the deployment uses, and how the run summary names it. */
    public record Picked<T>(T model, ComponentModel provenance) {}

    private static final Map<Path, DecodeAttentionProfile> ATTENTION = new ConcurrentHashMap<>();
    private static final Map<String, CollectiveProfile> COLLECTIVES = new ConcurrentHashMap<>();

    private AttentionAndLinks() {}

    /**
     * {@code model}'s decode attention on the profile's GPU: the profile's GQA fit, or {@code roofline}
     * for an MLA model or a GPU without {@code decode_attention.csv}.
     *
     * @param tpLink the link its tensor-parallel all-reduce crosses
     */
    public static Picked<DecodeAttention> attention(GpuProfile profile, MoeModelSpec model, GpuSpec gpu, int tp,
            LinkModel tpLink, DecodeAttention roofline) {
        Optional<Path> file = profile.decodeAttention();
        if (file.isEmpty()) {
            return new Picked<>(roofline, ComponentModel.roofline(profile.gpu(), "attention",
                    "no decode_attention.csv for " + profile.gpu() + ": KV at 75% of HBM bandwidth + 5 us"));
        }
        if (model.mla() != null) {
            return new Picked<>(roofline, ComponentModel.roofline(profile.gpu(), "attention", profile.describe(file.get())
                    + " has GQA rows only; " + model.name() + " uses MLA: KV at 75% of HBM bandwidth + 5 us"));
        }
        DecodeAttentionProfile measured = ATTENTION.computeIfAbsent(file.get(), AttentionAndLinks::readAttention);
        String fit = String.format(Locale.ROOT, "%s: GQA, default backend, enable_gqa, %.1f us + KV bytes / %.2f TB/s,"
                        + " %.1f%% MAPE over %d rows", profile.describe(file.get()), measured.fit().floorMicros(),
                measured.fit().kvBytesPerMicro() / 1e6, 100 * measured.fit().meanAbsolutePercentageError(),
                measured.fit().points());
        return new Picked<>(measured.fit().attention(model, gpu, tp, tpLink),
                new ComponentModel(profile.gpu(), "attention", "measured", fit));
    }

    /**
     * The link a {@code collective} of {@code gpus} GPUs of one host crosses: the profile's fit for
     * that GPU count, or {@code sendRecv} when the profile has none.
     */
    public static Picked<LinkModel> collective(GpuProfile profile, Collective collective, GpuSpec gpu, int gpus,
            LinkModel sendRecv) {
        Optional<Path> file = profile.collective(collective);
        String fallback = String.format(Locale.ROOT, "send/recv fit (Vidur, H100): %.1f us + %.0f%% of NVLink",
                sendRecv.startupMicros(), 100 * sendRecv.peakUtilisation());
        if (file.isEmpty()) {
            return new Picked<>(sendRecv, ComponentModel.roofline(profile.gpu(), collective.id(),
                    "no " + collective.id() + ".csv for " + profile.gpu() + ": " + fallback));
        }
        CollectiveProfile measured = COLLECTIVES.computeIfAbsent(collective.id() + "|" + file.get(),
                key -> readCollective(collective, file.get()));
        Optional<LinkModel> link = measured.link(gpus, gpu.nvlinkBytesPerMicroOneWay());
        if (link.isEmpty()) {
            return new Picked<>(sendRecv, ComponentModel.roofline(profile.gpu(), collective.id(), profile.describe(file.get())
                    + " has no " + gpus + "-GPU line (two sizes from 1 MiB up): " + fallback));
        }
        String source = profile.sources().get(file.get().getFileName().toString());
        String fit = String.format(Locale.ROOT, "%s: %d GPUs, %.1f us + wire bytes / %.0f GB/s%s",
                profile.describe(file.get()), gpus, link.get().startupMicros(),
                link.get().bytesPerMicro() * link.get().peakUtilisation() / 1e3, source == null ? "" : "; " + source);
        return new Picked<>(link.get(), new ComponentModel(profile.gpu(), collective.id(), measured.origin(), fit));
    }

    private static DecodeAttentionProfile readAttention(Path file) {
        try {
            return DecodeAttentionProfile.read(file);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read the attention profile", e);
        }
    }

    private static CollectiveProfile readCollective(Collective collective, Path file) {
        try {
            return CollectiveProfile.read(collective, file);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read the " + collective.id() + " profile", e);
        }
    }
}
