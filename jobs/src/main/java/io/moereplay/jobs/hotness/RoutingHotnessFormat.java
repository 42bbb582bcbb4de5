package io.moereplay.jobs.hotness;

import io.moereplay.connectors.io.FlinkTraceFile;
import io.moereplay.connectors.routing.ContestedKeys;
import io.moereplay.connectors.routing.RoutingFormat;
import io.moereplay.connectors.routing.RoutingTraceReader;
import io.moereplay.connectors.routing.ValidatingRoutingVisitor;
import io.moereplay.jobs.input.InputOverlaps;
import io.moereplay.jobs.input.RoutingInputs;
import io.moereplay.model.hotness.WindowSpec;
import io.moereplay.model.trace.RequestArrivals;
import io.moereplay.model.trace.TraceShape;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.IteratorResultIterator;
import org.apache.flink.core.fs.Path;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads a whole routing-trace file per split and emits only what the file aggregates to: dense
 * per-(window, layer) expert counts, its rejects and its read stats. Aggregating inside the reader
 * keeps billions of decisions from crossing the network one record at a time.
 *
 * <p>Files are not split: a file is the unit of token order and of the duplicate check within a
 * file; rows under keys another file may also hold go on to the keyed cross-file check.
 */
public final class RoutingHotnessFormat implements BulkFormat<SplitOutput, FileSourceSplit> {

    private static final long serialVersionUID = 1L;

    private final RoutingFormat format;
    private final TraceShape shape;
    private final List<String> filePaths;
    private final InputOverlaps overlaps;
    private final WindowSpec window;
    private final RequestArrivals arrivals;
    private final long maxRejects;

    /**
     * @param inputs the files, their format, shape and contested keys
     * @param arrivals arrival by request id; required for time windows, else null
     * @param maxRejects a file with more rejected rows fails the run
     */
    public RoutingHotnessFormat(RoutingInputs inputs, WindowSpec window, RequestArrivals arrivals, long maxRejects) {
        RoutingFormat format = inputs.format();
        if (window.kind() == WindowSpec.Kind.TIME && arrivals == null && format != RoutingFormat.EXPERT_LOAD) {
            throw new IllegalArgumentException("time windows need a request trace for arrival times");
        }
        this.format = format;
        this.shape = inputs.shape();
        this.filePaths = inputs.files().stream().map(RoutingHotnessFormat::pathOf).toList();
        this.overlaps = inputs.overlaps();
        this.window = window;
        this.arrivals = arrivals;
        this.maxRejects = maxRejects;
    }

    @Override
    public Reader<SplitOutput> createReader(Configuration config, FileSourceSplit split) {
        return new WholeFileReader(split);
    }

    @Override
    public Reader<SplitOutput> restoreReader(Configuration config, FileSourceSplit split) {
        // A file is re-read from its start: its outputs are only emitted once it is fully read.
        return new WholeFileReader(split);
    }

    @Override
    public boolean isSplittable() {
        return false;
    }

    @Override
    public TypeInformation<SplitOutput> getProducedType() {
        return TypeInformation.of(SplitOutput.class);
    }

    // The enumerator may qualify a path (file:/a/b) that was given plain (b): compare absolute path parts.
    private static String pathOf(Path path) {
        try {
            return path.makeQualified(path.getFileSystem()).toUri().getPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private final class WholeFileReader implements Reader<SplitOutput> {
        private final FileSourceSplit split;
        private boolean done;
        private Reader<SplitOutput> spilling;

        WholeFileReader(FileSourceSplit split) {
            this.split = split;
        }

        @Override
        public RecordIterator<SplitOutput> readBatch() throws IOException {
            if (spilling != null) {
                return spilling.readBatch();
            }
            if (done) {
                return null;
            }
            done = true;
            FlinkTraceFile file = new FlinkTraceFile(split.path());
            int fileIndex = filePaths.indexOf(pathOf(split.path()));
            if (fileIndex < 0) {
                throw new IllegalStateException("unreachable: " + split.path() + " is not a file of the input");
            }
            ContestedKeys contested = overlaps.of(fileIndex);
            if (!contested.isEmpty()) {
                // Its rows under shared keys go on one by one: streamed, not held until the file ends.
                spilling = new SpillingFileReader(file.name(), spill -> read(file, fileIndex, contested, spill));
                return spilling.readBatch();
            }
            List<SplitOutput> outputs = read(file, fileIndex, contested, chunk -> {
                throw new IllegalStateException("unreachable: a file without shared keys spills nothing");
            });
            return new IteratorResultIterator<>(outputs.iterator(), 0, 0);
        }

        private List<SplitOutput> read(FlinkTraceFile file, int fileIndex, ContestedKeys contested,
                Consumer<List<SplitOutput>> spill) throws IOException {
            HotnessSplitCounter counter = new HotnessSplitCounter(file.name(), fileIndex, contested, spill,
                    shape, window, arrivals, maxRejects);
            long rows = RoutingTraceReader.of(format)
                    .read(file, new ValidatingRoutingVisitor(file.name(), shape, counter));
            return counter.finish(format.label(), rows);
        }

        @Override
        public void close() throws IOException {
            if (spilling != null) {
                spilling.close();
            }
        }
    }
}
