package io.moereplay.jobs.report.page;

import io.moereplay.connectors.io.ParquetGroups;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Types;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per deployment, each decode step's TBT (its layers' {@code step_share_us} summed) and how often
 * each GPU was the busiest of a (step, layer), from {@code straggler/straggler}. Only the four
 * columns needed are read: the table has a row per (deployment, step, layer).
 */
record StragglerSteps(Map<String, double[]> stepMillis, Map<String, Map<Integer, Long>> busiestGpu) {

    static StragglerSteps read(Path partition) throws IOException {
        Map<String, Map<Long, Double>> steps = new LinkedHashMap<>();
        Map<String, Map<Integer, Long>> busiest = new LinkedHashMap<>();
        Path table = partition.resolve("straggler").resolve("straggler");
        if (Files.isDirectory(table)) {
            for (Path part : ParquetGroups.parts(table)) {
                forEachProjected(part, row -> {
                    String deployment = row.getString("deployment", 0);
                    steps.computeIfAbsent(deployment, d -> new HashMap<>())
                            .merge(row.getLong("step", 0), row.getDouble("step_share_us", 0), Double::sum);
                    busiest.computeIfAbsent(deployment, d -> new TreeMap<>())
                            .merge(row.getInteger("busiest_gpu", 0), 1L, Long::sum);
                });
            }
        }
        Map<String, double[]> millis = new LinkedHashMap<>();
        steps.forEach((deployment, byStep) -> millis.put(deployment,
                byStep.values().stream().mapToDouble(us -> us / 1000).sorted().toArray()));
        return new StragglerSteps(millis, busiest);
    }

    private static void forEachProjected(Path part, ParquetGroups.RowSink sink) throws IOException {
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(part))) {
            MessageType file = reader.getFooter().getFileMetaData().getSchema();
            Types.MessageTypeBuilder builder = Types.buildMessage();
            for (String column : new String[] {"deployment", "step", "busiest_gpu", "step_share_us"}) {
                builder.addField(file.getType(column));
            }
            MessageType projection = builder.named(file.getName());
            reader.setRequestedSchema(projection);
            for (PageReadStore pages = reader.readNextRowGroup(); pages != null; pages = reader.readNextRowGroup()) {
                RecordReader<Group> records = new ColumnIOFactory().getColumnIO(projection, file)
                        .getRecordReader(pages, new GroupRecordConverter(projection));
                for (long r = 0; r < pages.getRowCount(); r++) {
                    sink.accept(records.read());
                }
            }
        }
    }
}
