package io.moereplay.connectors.profiles;

import io.moereplay.model.perf.Collective;
import io.moereplay.model.perf.LinearFit;
import io.moereplay.model.perf.LinkModel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A GPU's collective profile ({@code all_to_all.csv}, {@code all_reduce.csv}): what an NCCL
 * collective of {@code gpus} GPUs of one host took for a buffer of {@code bytes_per_rank}, measured
 * by {@code bench/gpu/measure_all_to_all.py} or published (column {@code origin}, with the citation
 * in {@code source}). Columns read: {@code gpus, bytes_per_rank, median_us, origin}; others are
 * kept for people. Each GPU count with two or more sizes from 1 MiB up is fitted as a
 * {@link LinkModel} over wire bytes ({@link Collective#wireBytes}); a count with fewer is absent,
 * and the deployment keeps the send/recv model for it.
 *
 * @param collective which collective the file holds
 * @param file where the rows came from
 * @param fits the (wire bytes, microseconds) line per GPU count
 * @param origin {@code measured} when every row was measured, else {@code published}
 */
public record CollectiveProfile(Collective collective, String file, Map<Integer, LinearFit> fits, String origin) {

    /**
     * Sizes below this are left out of the fit: an MoE layer's dispatch at decode is a few MiB per
     * rank (64 tokens x top-8 x 7168 x 2 B is 7 MiB for DeepSeek-V3), and NCCL switches protocol
     * between the sub-KiB latency floor and there, so one line cannot follow both.
     */
    static final double FIT_FROM_BYTES = 1 << 20;

    public static CollectiveProfile read(Collective collective, Path csv) throws IOException {
        ProfileTable table = ProfileTable.read(csv);
        // Read as numbers first, so a bad value fails naming its line and column.
        table.numbers("bytes_per_rank");
        table.numbers("median_us");
        Map<Integer, LinearFit> fits = new TreeMap<>();
        for (double count : Arrays.stream(table.numbers("gpus")).distinct().toArray()) {
            int gpus = (int) count;
            ProfileTable rows = table.where("gpus", g -> Double.parseDouble(g) == count)
                    .where("bytes_per_rank", b -> Double.parseDouble(b) >= FIT_FROM_BYTES);
            double[] bytes = rows.numbers("bytes_per_rank");
            if (gpus < 2 || Arrays.stream(bytes).distinct().count() < 2) {
                continue;
            }
            double[] wire = Arrays.stream(bytes).map(b -> collective.wireBytes(b, gpus)).toArray();
            LinearFit line = LinearFit.relative(wire, rows.numbers("median_us"));
            if (line.intercept() < 0 || !(line.slope() > 0)) {
                throw new IllegalArgumentException(csv + ": the " + gpus + "-GPU rows fit " + line.intercept() + " us + "
                        + line.slope() + " us/B, not a start-up plus a bandwidth; check their median_us");
            }
            fits.put(gpus, line);
        }
        boolean measured = table.texts("origin").stream().allMatch("measured"::equals);
        return new CollectiveProfile(collective, csv.toString(), fits, measured ? "measured" : "published");
    }

    /** The link of {@code gpus} GPUs whose nominal one-way bandwidth is {@code bytesPerMicro}; empty when not fitted. */
    public Optional<LinkModel> link(int gpus, double bytesPerMicro) {
        return Optional.ofNullable(fits.get(gpus)).map(line -> LinkModel.fromLine(bytesPerMicro, line));
    }
}
