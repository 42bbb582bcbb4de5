package io.moereplay.jobs.report.page;

import io.moereplay.connectors.io.ParquetGroups;
import org.apache.parquet.example.data.Group;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads an output table of a partition ({@code hotness/layer_balance}) as generic rows. */
final class TableRows {

    private TableRows() {}

    /** Every row of {@code partition/table}; none when the stage did not run (the folder is absent). */
    static List<Group> read(Path partition, String table) throws IOException {
        Path folder = partition.resolve(table);
        List<Group> rows = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return rows;
        }
        for (Path part : ParquetGroups.parts(folder)) {
            ParquetGroups.forEach(part, rows::add);
        }
        return rows;
    }

    /** A nullable DOUBLE column's value, NaN when null. */
    static double doubleOrNaN(Group row, String column) {
        return row.getFieldRepetitionCount(column) == 0 ? Double.NaN : row.getDouble(column, 0);
    }

    static boolean isTrue(Group row, String column) {
        return row.getFieldRepetitionCount(column) > 0 && row.getBoolean(column, 0);
    }
}
