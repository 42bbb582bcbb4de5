package io.moereplay.jobs.generate;

import io.moereplay.model.trace.Request;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Writes requests as an Azure LLM inference trace: header {@code TIMESTAMP,ContextTokens,GeneratedTokens},
 * wall-clock UTC timestamps with 7 fractional digits, one row per request in id order. The Azure
 * reader numbers requests by data row, so ids must be 0..n-1 in order.
 */
final class AzureCsvRequestWriter {

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSSS");

    private AzureCsvRequestWriter() {}

    /**
     * @param startMicros the wall-clock time of relative arrival 0, microseconds since the epoch
     */
    static void write(List<Request> requests, long startMicros, Path file) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("TIMESTAMP,ContextTokens,GeneratedTokens\n");
            for (int i = 0; i < requests.size(); i++) {
                Request request = requests.get(i);
                if (request.id() != i) {
                    throw new IllegalArgumentException("request " + request.id() + " is at row " + i
                            + "; Azure traces number requests by row");
                }
                out.write(timestamp(Math.addExact(startMicros, request.arrivalMicros())));
                out.write(',');
                out.write(Integer.toString(request.inputTokens()));
                out.write(',');
                out.write(Integer.toString(request.outputTokens()));
                out.write('\n');
            }
        }
    }

    static String timestamp(long epochMicros) {
        LocalDateTime time = LocalDateTime.ofEpochSecond(Math.floorDiv(epochMicros, 1_000_000L),
                (int) Math.floorMod(epochMicros, 1_000_000L) * 1_000, ZoneOffset.UTC);
        return TIMESTAMP.format(time);
    }
}
