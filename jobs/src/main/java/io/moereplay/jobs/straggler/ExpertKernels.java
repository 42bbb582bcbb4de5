package io.moereplay.jobs.straggler;

import io.moereplay.connectors.profiles.ComponentModel;
import io.moereplay.connectors.profiles.GpuProfile;
import io.moereplay.connectors.profiles.MeasuredProfiles;
import io.moereplay.connectors.profiles.ProfileDatabase;
import io.moereplay.connectors.profiles.ProfiledShape;
import io.moereplay.model.catalog.MoeModelSpec;
import io.moereplay.model.hardware.GpuSpec;
import io.moereplay.model.perf.BackToBackSaving;
import io.moereplay.model.perf.ExpertFfnTime;
import io.moereplay.model.perf.FittedExpertFfn;
import io.moereplay.model.perf.GroupedExpertFfn;
import io.moereplay.model.perf.GroupedMoeTable;
import io.moereplay.model.perf.GroupedMoeTime;
import io.moereplay.model.perf.GroupedRoofline;
import io.moereplay.model.perf.ProfilePoints;
import io.moereplay.model.perf.RooflineExpertFfn;
import io.moereplay.model.perf.SequencedExpertFfn;
import io.moereplay.model.perf.ShapeBlend;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How the serving model times a GPU's routed experts, picked by the deployment's GPU from the
 * profile database: the GPU's grouped MoE kernel table ({@code grouped_moe.csv}) under the grouped
 * kernel, its expert FFN fit ({@code expert_ffn.csv}, less the back-to-back saving of {@code
 * expert_sequence.csv}) under the sequential one; shapes between the profiled ones blended by size
 * ({@link ShapeBlend}); the roofline where the GPU has no such profile, or at TP above 1 (profiles
 * time whole experts). Every choice is noted ({@link #used()}) for the run summary's
 * {@code kernel_models}.
 */
public final class ExpertKernels {

    static final double COMPUTE_EFFICIENCY = 0.65;
    static final double MEMORY_EFFICIENCY = 0.75;
    static final double KERNEL_STARTUP_MICROS = 5;
    /** The component every expert entry of {@code kernel_models} names. */
    public static final String COMPONENT = "experts";

    private final ProfileDatabase profiles;
    private final Set<ComponentModel> used = new LinkedHashSet<>();
    private final Map<Path, Object> parsed = new HashMap<>();

    private ExpertKernels(ProfileDatabase profiles) {
        this.profiles = profiles;
    }

    /** The roofline everywhere (no profiles), as tests and benchmarks of other parts want. */
    public static ExpertKernels roofline() {
        return new ExpertKernels(null);
    }

    /** The profiles of {@code profiles} where a GPU has them. */
    public static ExpertKernels of(ProfileDatabase profiles) {
        return new ExpertKernels(profiles);
    }

    /** The profile folder of {@code gpu} (empty when none, or without a database). */
    public GpuProfile profile(GpuSpec gpu) {
        return profiles == null ? GpuProfile.none(gpu.name()) : profiles.forGpu(gpu.name());
    }

    /** Which model timed which component on which GPU, in the order deployments asked. */
    public List<ComponentModel> used() {
        return List.copyOf(used);
    }

    /** Notes a component's model for the run summary (attention and links add theirs here too). */
    public void note(ComponentModel model) {
        used.add(model);
    }

    /** {@link #used()} as the run summary writes it. */
    public List<Map<String, Object>> summary() {
        return used.stream().map(ComponentModel::asMap).toList();
    }

    /** A GPU's routed experts of {@code model}, each split {@code tp} ways, run as {@code kernel}. */
    public ExpertFfnTime experts(MoeModelSpec model, GpuSpec gpu, int tp, ExpertKernel kernel) {
        return choose(model, gpu, tp, kernel).time();
    }

    /** As {@link #experts}, with the model that times them (noted for the run summary too). */
    public Choice choose(MoeModelSpec model, GpuSpec gpu, int tp, ExpertKernel kernel) {
        Timed<ExpertFfnTime> alone = alone(model, gpu, tp);
        Choice choice;
        if (kernel == ExpertKernel.SEQUENTIAL) {
            choice = new Choice(alone.time(), alone.model("sequential kernel"));
        } else {
            Timed<GroupedMoeTime> grouped = grouped(model, gpu, tp);
            choice = new Choice(new GroupedExpertFfn(alone.time(), grouped.time()), grouped.model("grouped kernel"));
        }
        note(choice.model());
        return choice;
    }

    /** A GPU's expert time and the model that made it. */
    public record Choice(ExpertFfnTime time, ComponentModel model) {}

    /** One expert of {@code model} on its own (a shared expert), split {@code tp} ways. */
    public ExpertFfnTime ffn(MoeModelSpec model, GpuSpec gpu, int tp) {
        return alone(model, gpu, tp).time();
    }

    /** A time and how it was found: {@code model} as {@link ComponentModel#model()}, {@code source}. */
    private record Timed<T>(T time, String gpu, String model, String source) {

        ComponentModel model(String kernel) {
            return new ComponentModel(gpu, COMPONENT, model, kernel + ": " + source);
        }
    }

    private Timed<ExpertFfnTime> alone(MoeModelSpec model, GpuSpec gpu, int tp) {
        GpuProfile profile = profile(gpu);
        Optional<Path> file = profile.expertFfn();
        if (file.isEmpty() || tp > 1) {
            ExpertFfnTime roofline = RooflineExpertFfn.of(model, gpu, tp, COMPUTE_EFFICIENCY, MEMORY_EFFICIENCY,
                    KERNEL_STARTUP_MICROS).compiled();
            return new Timed<>(roofline, gpu.name(), "roofline", rooflineReason(profile, GpuProfile.EXPERT_FFN, tp));
        }
        List<ProfiledShape<ExpertFfnTime>> shapes = sequentialShapes(profile, file.get());
        ShapeBlend blend = ShapeBlend.of(shapes.stream().mapToDouble(ProfiledShape::size).toArray(), size(model));
        String source = profile.describe(file.get()) + ", " + shapeText(shapes, blend)
                + (profile.expertSequence().isPresent() ? " + back-to-back saving of "
                        + profile.describe(profile.expertSequence().get()) : "");
        return new Timed<>(blend.expert(shapes.stream().map(ProfiledShape::profile).toList()), gpu.name(),
                blend.exact() ? "measured" : "interpolated", source);
    }

    private Timed<GroupedMoeTime> grouped(MoeModelSpec model, GpuSpec gpu, int tp) {
        GpuProfile profile = profile(gpu);
        Optional<Path> file = profile.groupedMoe();
        if (file.isEmpty() || tp > 1) {
            GroupedMoeTime roofline = GroupedRoofline.of(model, gpu, tp, COMPUTE_EFFICIENCY, MEMORY_EFFICIENCY,
                    KERNEL_STARTUP_MICROS);
            return new Timed<>(roofline, gpu.name(), "roofline", rooflineReason(profile, GpuProfile.GROUPED_MOE, tp)
                    + " (one kernel: the rank's experts' weight bytes and all their FLOPs)");
        }
        @SuppressWarnings("unchecked")
        List<ProfiledShape<GroupedMoeTable>> shapes = (List<ProfiledShape<GroupedMoeTable>>) parsed.computeIfAbsent(
                file.get(), f -> read(() -> MeasuredProfiles.groupedMoe(f)));
        ShapeBlend blend = ShapeBlend.of(shapes.stream().mapToDouble(ProfiledShape::size).toArray(), size(model));
        return new Timed<>(blend.grouped(shapes.stream().map(ProfiledShape::profile).toList()), gpu.name(),
                blend.exact() ? "measured" : "interpolated", profile.describe(file.get()) + ", " + shapeText(shapes, blend));
    }

    /** The expert profile's shapes fitted, each with its back-to-back saving when measured. */
    private List<ProfiledShape<ExpertFfnTime>> sequentialShapes(GpuProfile profile, Path file) {
        @SuppressWarnings("unchecked")
        List<ProfiledShape<ExpertFfnTime>> shapes = (List<ProfiledShape<ExpertFfnTime>>) parsed.computeIfAbsent(file,
                f -> {
                    Map<String, BackToBackSaving> savings = profile.expertSequence()
                            .map(sequence -> read(() -> MeasuredProfiles.backToBackSaving(sequence)))
                            .orElse(Map.of());
                    List<ProfiledShape<ExpertFfnTime>> out = new ArrayList<>();
                    for (ProfiledShape<ProfilePoints> shape : read(() -> MeasuredProfiles.expertFfnShapes(f))) {
                        ExpertFfnTime fit = FittedExpertFfn.of(shape.profile().floorLineFit());
                        BackToBackSaving saving = savings.get(shape.model());
                        out.add(new ProfiledShape<>(shape.model(), shape.hidden(), shape.intermediate(),
                                saving == null ? fit : new SequencedExpertFfn(fit, saving)));
                    }
                    return out;
                });
        return shapes;
    }

    private static String rooflineReason(GpuProfile profile, String file, int tp) {
        if (tp > 1) {
            return "TP " + tp + " (profiles time whole experts)";
        }
        return profile.isEmpty() ? "no profile folder for " + profile.gpu()
                : "no " + file + " in the " + profile.gpu() + " profile";
    }

    /** Parameters of one expert, as {@link ProfiledShape#size()} counts them. */
    private static double size(MoeModelSpec model) {
        return (double) model.ffnMatrices() * model.hiddenSize() * model.expertIntermediateSize();
    }

    private static String shapeText(List<? extends ProfiledShape<?>> shapes, ShapeBlend blend) {
        String lower = shapes.get(blend.lower()).model();
        if (blend.exact()) {
            return lower + " shape";
        }
        if (blend.lower() != blend.upper()) {
            return String.format(java.util.Locale.ROOT, "%s from the %s and %s shapes (weight %.2f on the second)",
                    blend.weight() < 0 ? "extrapolated below" : "blended", lower, shapes.get(blend.upper()).model(),
                    blend.weight());
        }
        return blend.scale() == 1 ? "the only profiled shape, " + lower
                : String.format(java.util.Locale.ROOT, "the largest profiled shape, %s, scaled x%.2f by size", lower,
                        blend.scale());
    }

    private interface Reader<T> {
        T read() throws IOException;
    }

    private static <T> T read(Reader<T> reader) {
        try {
            return reader.read();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
