package io.moereplay.jobs.input;

import io.moereplay.connectors.io.FlinkTraceFile;
import io.moereplay.connectors.io.TraceFormatException;
import io.moereplay.connectors.routing.RoutingFormat;
import io.moereplay.connectors.routing.RoutingTraceReader;
import io.moereplay.model.trace.TraceShape;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The routing trace files of a run, resolved on the client before the job starts: folders
 * expanded (hidden and {@code _}-prefixed files skipped), one format for all files, and one shape
 * that every file's declaration and the command line agree on. No file is read twice: a path given
 * twice or two files of equal content fail here, naming both ({@link DistinctInputFiles}). Files of
 * different content that share rows are found by key range ({@link InputOverlaps}); the readers
 * reject the shared rows after the first, naming both places.
 */
public record RoutingInputs(List<Path> files, List<Long> sizes, RoutingFormat format, TraceShape shape,
        InputOverlaps overlaps) {

    /**
     * @param locations files or folders
     * @param formatOverride format name, or null to detect it from the files
     * @param layers layers 0..layers-1 for formats that do not declare them, or null
     * @param experts experts per layer for formats that do not declare them, or null
     */
    public static RoutingInputs resolve(List<String> locations, String formatOverride, Integer layers,
            Integer experts) throws IOException {
        List<Path> files = expandAll(locations);
        List<Long> sizes = new ArrayList<>();
        for (Path file : files) {
            sizes.add(file.getFileSystem().getFileStatus(file).getLen());
        }
        DistinctInputFiles.require(files, sizes);
        RoutingFormat format = formatOverride != null ? RoutingFormat.parse(formatOverride) : detectOne(files);
        List<ParquetMetadata> footers = InputRows.footers(files, format);
        InputRows.requireRoutingRows(files, format, footers);
        return new RoutingInputs(files, sizes, format, shapeOf(files, format, layers, experts),
                InputOverlaps.of(files, format, footers));
    }

    /**
     * The format of the files at {@code locations}, detected as {@link #resolve} detects it, without
     * the checks and per-file shapes a run needs: for a caller that only chooses what to run.
     */
    public static RoutingFormat format(List<String> locations) throws IOException {
        return detectOne(expandAll(locations));
    }

    private static List<Path> expandAll(List<String> locations) throws IOException {
        List<Path> files = new ArrayList<>();
        for (String location : locations) {
            files.addAll(expand(new Path(location)));
        }
        return files;
    }

    private static List<Path> expand(Path location) throws IOException {
        FileSystem fs = location.getFileSystem();
        if (!fs.exists(location)) {
            throw new TraceFormatException(location.toString(), "no such file or folder");
        }
        FileStatus status = fs.getFileStatus(location);
        if (!status.isDir()) {
            return List.of(location);
        }
        List<Path> files = Arrays.stream(fs.listStatus(location))
                .filter(s -> !s.isDir())
                .map(FileStatus::getPath)
                .filter(p -> !p.getName().startsWith(".") && !p.getName().startsWith("_"))
                .sorted(Comparator.comparing(Path::getName))
                .toList();
        if (files.isEmpty()) {
            throw new TraceFormatException(location.toString(), "folder holds no trace files");
        }
        return files;
    }

    private static RoutingFormat detectOne(List<Path> files) throws IOException {
        RoutingFormat first = RoutingFormat.detect(new FlinkTraceFile(files.get(0)));
        for (Path file : files.subList(1, files.size())) {
            RoutingFormat other = RoutingFormat.detect(new FlinkTraceFile(file));
            if (other != first) {
                throw new TraceFormatException(file.toString(), "is " + other + " but "
                        + files.get(0) + " is " + first + "; one run reads one format");
            }
        }
        return first;
    }

    private static TraceShape shapeOf(List<Path> files, RoutingFormat format, Integer layers, Integer experts)
            throws IOException {
        RoutingTraceReader reader = RoutingTraceReader.of(format);
        TraceShape shape = layers != null && experts != null ? TraceShape.dense(layers, experts) : null;
        String shapeSource = "--layers/--experts";
        for (Path path : files) {
            Optional<TraceShape> declared = reader.declaredShape(new FlinkTraceFile(path));
            if (declared.isEmpty()) {
                continue;
            }
            if (shape != null && !shape.equals(declared.get())) {
                throw new TraceFormatException(path.toString(), "declares " + declared.get()
                        + " but " + shapeSource + " says " + shape);
            }
            shape = declared.get();
            shapeSource = path.toString();
        }
        if (shape == null) {
            throw new IllegalArgumentException(files.get(0) + ": " + format + " traces do not"
                    + " declare their layers and experts; pass --layers and --experts");
        }
        return shape;
    }
}
