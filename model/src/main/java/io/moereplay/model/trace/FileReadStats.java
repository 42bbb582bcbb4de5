package io.moereplay.model.trace;

import java.io.Serializable;

/**
 * What reading one input file came to: every row read was either used or rejected.
 *
 * @param file the file as named in reject rows
 * @param format the format it was read as
 * @param rowsRead rows read (lines, JSON entries or Parquet rows; see the format's reader)
 * @param rowsUsed rows that reached the output
 * @param rowsRejected rows written to the rejects table
 * @param decisions routed token choices the used rows carried (a top-k row carries k)
 */
public record FileReadStats(
        String file, String format, long rowsRead, long rowsUsed, long rowsRejected, long decisions)
        implements Serializable {

    public FileReadStats {
        if (rowsRead != rowsUsed + rowsRejected) {
            throw new IllegalStateException(file + ": " + rowsRead + " rows read but " + rowsUsed
                    + " used and " + rowsRejected + " rejected; rows were lost");
        }
    }
}
