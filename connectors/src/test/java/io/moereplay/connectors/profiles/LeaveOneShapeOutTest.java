package io.moereplay.connectors.profiles;

import io.moereplay.model.perf.ExpertFfnTime;
import io.moereplay.model.perf.FittedExpertFfn;
import io.moereplay.model.perf.GroupedMoeTable;
import io.moereplay.model.perf.ProfilePoints;
import io.moereplay.model.perf.ShapeBlend;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * How well a shape nobody profiled is timed from the others: each profiled shape in turn left out,
 * timed by {@link ShapeBlend} from the rest and compared with its own measurements (MAPE over its
 * token counts, and active-expert counts for the grouped kernel). Prints the table docs/models.md
 * quotes; guards its overall figure.
 */
class LeaveOneShapeOutTest {

    @Test
    void expertFfn() throws IOException {
        assertThat(expertFfn("H100-SXM")).isLessThan(0.05);
        assertThat(expertFfn("H200")).isLessThan(0.05);
    }

    private static double expertFfn(String gpu) throws IOException {
        List<ProfiledShape<ProfilePoints>> shapes = MeasuredProfiles.expertFfnShapes(
                Path.of("../profiles/" + gpu + "/expert_ffn.csv"));
        return report(gpu + " expert_ffn.csv (sequential kernel)", shapes.size(), out -> {
            List<ExpertFfnTime> fits = new ArrayList<>();
            double[] sizes = new double[shapes.size() - 1];
            int k = 0;
            for (int s = 0; s < shapes.size(); s++) {
                if (s != out) {
                    fits.add(FittedExpertFfn.of(shapes.get(s).profile().floorLineFit()));
                    sizes[k++] = shapes.get(s).size();
                }
            }
            ExpertFfnTime blended = ShapeBlend.of(sizes, shapes.get(out).size()).expert(fits);
            ProfilePoints measured = shapes.get(out).profile();
            double[] x = measured.x();
            double[] t = measured.micros();
            double sum = 0;
            for (int i = 0; i < x.length; i++) {
                sum += Math.abs(blended.micros((long) x[i]) / t[i] - 1);
            }
            return new Row(shapes.get(out).model(), sum / x.length);
        });
    }

    @Test
    void h200GroupedMoe() throws IOException {
        Path csv = Path.of("../profiles/H200/grouped_moe.csv");
        assumeTrue(Files.isRegularFile(csv), "no H200 grouped kernel profile yet");
        List<ProfiledShape<GroupedMoeTable>> shapes = MeasuredProfiles.groupedMoe(csv);
        ProfileTable table = ProfileTable.read(csv);
        double overall = report("H200 grouped_moe.csv (grouped kernel)", shapes.size(), out -> {
            List<GroupedMoeTable> others = new ArrayList<>();
            double[] sizes = new double[shapes.size() - 1];
            int k = 0;
            for (int s = 0; s < shapes.size(); s++) {
                if (s != out) {
                    others.add(shapes.get(s).profile());
                    sizes[k++] = shapes.get(s).size();
                }
            }
            var blended = ShapeBlend.of(sizes, shapes.get(out).size()).grouped(others);
            ProfileTable rows = table.where("model", shapes.get(out).model()::equals);
            double[] tokens = rows.numbers("tokens");
            double[] active = rows.numbers("active_experts");
            double[] micros = rows.numbers("median_us");
            double sum = 0;
            for (int i = 0; i < tokens.length; i++) {
                sum += Math.abs(blended.micros((long) tokens[i], (int) active[i]) / micros[i] - 1);
            }
            return new Row(shapes.get(out).model(), sum / tokens.length);
        });
        assertThat(overall).isLessThan(0.05);
    }

    private record Row(String model, double mape) {}

    private interface LeaveOut {
        Row row(int out);
    }

    /** Prints one row per shape left out; returns the mean of their MAPEs. */
    private static double report(String title, int shapes, LeaveOut leaveOut) {
        System.out.println(title + ": leave one shape out, MAPE over its measurements");
        double total = 0;
        for (int out = 0; out < shapes; out++) {
            Row row = leaveOut.row(out);
            total += row.mape();
            System.out.printf(Locale.ROOT, "  %-18s %6.1f%%%n", row.model(), 100 * row.mape());
        }
        System.out.printf(Locale.ROOT, "  %-18s %6.1f%%%n", "mean", 100 * total / shapes);
        return total / shapes;
    }
}
