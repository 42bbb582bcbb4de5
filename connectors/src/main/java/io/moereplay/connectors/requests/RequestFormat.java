package io.moereplay.connectors.requests;

import io.moereplay.model.text.ClosestName;
import io.moereplay.connectors.io.TextLines;
import io.moereplay.connectors.io.TraceFiles;
import io.moereplay.connectors.io.TraceFile;
import io.moereplay.connectors.io.TraceFormatException;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The request-trace formats moe-replay reads; {@link RequestTraceReader#of} gives each reader. */
public enum RequestFormat {
    /** Azure LLM inference trace 2023: {@code TIMESTAMP,ContextTokens,GeneratedTokens}. */
    AZURE_CSV("azure-csv", "an Azure CSV trace (header TIMESTAMP,ContextTokens,GeneratedTokens)"),
    /** Mooncake FAST'25 JSON lines: {@code timestamp, input_length, output_length, hash_ids}. */
    MOONCAKE_JSONL("mooncake-jsonl", "a Mooncake JSONL trace (one JSON object per line)"),
    /** Vidur trace CSV: {@code arrived_at, num_prefill_tokens, num_decode_tokens}, any order. */
    VIDUR_CSV("vidur-csv", "a Vidur CSV trace (columns " + VidurCsvRequestReader.REQUIRED + ")"),
    /** moe-replay's canonical request table, {@link RequestTable#SCHEMA}. */
    PARQUET("parquet", "a request Parquet file (columns of RequestTable.SCHEMA)");

    private final String label;
    private final String expected;

    RequestFormat(String label, String expected) {
        this.label = label;
        this.expected = expected;
    }

    /** The name {@code --format} takes, such as {@code azure-csv}. */
    public String label() {
        return label;
    }

    /** What a file in this format holds, for error messages. */
    public String expected() {
        return expected;
    }

    /**
     * Parses a {@code --format} value: a label such as {@code mooncake-jsonl}, case-insensitive,
     * with {@code _} accepted for {@code -}.
     *
     * @throws IllegalArgumentException naming the value and the allowed names
     */
    public static RequestFormat parse(String name) {
        String wanted = name == null ? "" : name.trim().replace('_', '-');
        for (RequestFormat format : values()) {
            if (format.label.equalsIgnoreCase(wanted)) {
                return format;
            }
        }
        throw new IllegalArgumentException(
                "request format '" + name + "' is not one of " + labels() + ClosestName.hint(name, labelList()));
    }

    /**
     * Picks the format from the file's extension and, for CSV, its header line. {@code .csv} with
     * header {@code TIMESTAMP,ContextTokens,GeneratedTokens} is Azure; {@code .csv} whose header
     * holds {@code arrived_at}, {@code num_prefill_tokens} and {@code num_decode_tokens} (any
     * order, extra columns allowed) is Vidur; {@code .jsonl} whose first line starts with
     * {@code {} is Mooncake; {@code .parquet} is Parquet.
     *
     * @throws TraceFormatException naming the file when it is missing, empty or none of these
     */
    public static RequestFormat detect(TraceFile file) throws IOException {
        String any = "a request trace (" + labels() + ")";
        TraceFiles.requireNonEmpty(file, any);
        return switch (TraceFiles.extension(file)) {
            case "csv" -> csvFormat(file, firstLine(file));
            case "jsonl" -> jsonlFormat(file, firstNonBlankLine(file));
            case "parquet" -> PARQUET;
            default -> throw new TraceFormatException(file.name(),
                    "cannot tell the request format from the extension; name a .csv, .jsonl or .parquet"
                            + " file, or give the format with --requests-format (" + labels() + ")");
        };
    }

    private static RequestFormat csvFormat(TraceFile file, String header) {
        List<String> columns = CsvLine.header(header);
        if (AzureCsvRequestReader.HEADER.equals(columns)) {
            return AZURE_CSV;
        }
        if (columns.containsAll(VidurCsvRequestReader.REQUIRED)) {
            return VIDUR_CSV;
        }
        throw new TraceFormatException(file.name(), "CSV header " + Fields.quote(header)
                + " is neither " + AZURE_CSV.expected + " nor " + VIDUR_CSV.expected);
    }

    private static RequestFormat jsonlFormat(TraceFile file, String firstLine) {
        if (!firstLine.stripLeading().startsWith("{")) {
            throw new TraceFormatException(file.name(), "first line " + Fields.quote(firstLine)
                    + " is not a JSON object; expected " + MOONCAKE_JSONL.expected);
        }
        return MOONCAKE_JSONL;
    }

    private static String firstLine(TraceFile file) throws IOException {
        try (TextLines lines = TextLines.open(file)) {
            String line = lines.next();
            return line == null ? "" : line;
        }
    }

    // JSONL has no header: leading blank lines are rows the reader rejects, not a wrong format.
    private static String firstNonBlankLine(TraceFile file) throws IOException {
        try (TextLines lines = TextLines.open(file)) {
            for (String line = lines.next(); line != null; line = lines.next()) {
                if (!line.isBlank()) {
                    return line;
                }
            }
            return "";
        }
    }

    /** The formats' labels, comma-separated, for messages. */
    public static String labels() {
        return String.join(", ", labelList());
    }

    private static List<String> labelList() {
        return Arrays.stream(values()).map(RequestFormat::label).toList();
    }

    @Override
    public String toString() {
        return label;
    }
}
