package io.moereplay.jobs.report.page;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes {@code report.html}, the night's page, into a nightly partition: one self-contained file
 * (inline SVG and CSS, no script, nothing fetched) that a browser opens from disk.
 */
public final class NightReport {

    public static final String FILE = "report.html";
    private static final String MANIFEST = "_manifest.json";

    private NightReport() {}

    /**
     * The report of {@code dir}: a partition ({@code OUT/date=YYYY-MM-DD}, holding {@code _manifest.json})
     * or a nightly root, whose latest complete partition it reports on.
     *
     * @return the file written
     * @throws IllegalArgumentException naming {@code dir} when it is neither
     */
    public static Path write(Path dir) throws IOException {
        if (Files.isRegularFile(dir.resolve(MANIFEST))) {
            return writeInto(dir, dir.toAbsolutePath().normalize().getParent());
        }
        List<Path> nights = Files.isDirectory(dir) ? complete(dir) : List.of();
        if (nights.isEmpty()) {
            throw new IllegalArgumentException(dir + " is neither a nightly partition (no " + MANIFEST
                    + ") nor a nightly output folder with a complete date=YYYY-MM-DD partition; pass the --out of nightly "
                    + "or one of its date= folders");
        }
        return writeInto(nights.get(nights.size() - 1), dir);
    }

    /**
     * Writes the report into {@code folder}, which holds a night's tables and manifest (a partition,
     * or a nightly run's version folder before it is published); the trends take the complete
     * partitions of {@code root} dated up to this night.
     */
    public static Path writeInto(Path folder, Path root) throws IOException {
        JsonNode manifest = new ObjectMapper().readTree(folder.resolve(MANIFEST).toFile());
        String date = manifest.path("date").asText();
        List<Path> history = new ArrayList<>();
        for (Path night : root == null ? List.<Path>of() : complete(root)) {
            String name = night.getFileName().toString().substring("date=".length());
            if (name.compareTo(date) < 0) {
                history.add(night);
            }
        }
        history.add(folder);
        Path file = folder.resolve(FILE);
        Files.writeString(file, ReportPage.html(new Night(folder, manifest, history)), StandardCharsets.UTF_8);
        return file;
    }

    /** The root's {@code date=YYYY-MM-DD} partitions that have a manifest, oldest first. */
    static List<Path> complete(Path root) throws IOException {
        try (Stream<Path> list = Files.list(root)) {
            return list.filter(p -> p.getFileName().toString().matches("date=\\d{4}-\\d{2}-\\d{2}"))
                    .filter(p -> Files.isRegularFile(p.resolve(MANIFEST))).sorted().toList();
        }
    }
}
