package io.moereplay.connectors.arrow;

import io.moereplay.connectors.io.ParquetGroups;
import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Every table under an output folder (a folder of {@code part-*.parquet} files: one job's output, or
 * a nightly partition's stages) as an Arrow IPC file at the same relative path plus {@code .arrow}.
 */
public final class ArrowExport {

    private ArrowExport() {}

    /** @return rows per exported table, by its path relative to {@code in}, in path order */
    public static Map<String, Long> tables(Path in, Path out) throws IOException {
        List<Path> tables;
        // Committed outputs are links into hidden version folders: follow the links, and leave the
        // hidden folders themselves out so each table is exported once, under its visible path.
        try (Stream<Path> walk = Files.walk(in, FileVisitOption.FOLLOW_LINKS)) {
            tables = walk.filter(path -> !hidden(in.relativize(path))).filter(Files::isDirectory)
                    .filter(ArrowExport::hasParts).sorted().toList();
        }
        if (tables.isEmpty()) {
            throw new IllegalArgumentException(in + ": no table folders (folders of part-*.parquet files) to export");
        }
        Map<String, Long> rows = new LinkedHashMap<>();
        for (Path table : tables) {
            String relative = in.relativize(table).toString();
            Path target = out.resolve(relative + ".arrow");
            Files.createDirectories(target.getParent());
            rows.put(relative, ParquetToArrow.export(ParquetGroups.parts(table), target));
        }
        return rows;
    }

    private static boolean hidden(Path relative) {
        for (Path name : relative) {
            if (name.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasParts(Path folder) {
        try {
            return !ParquetGroups.parts(folder).isEmpty();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
