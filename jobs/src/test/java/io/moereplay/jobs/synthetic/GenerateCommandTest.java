package io.moereplay.jobs.synthetic;

import io.moereplay.connectors.io.LocalTraceFile;
import io.moereplay.connectors.requests.RequestFormat;
import io.moereplay.connectors.requests.RequestReadResult;
import io.moereplay.connectors.requests.RequestTraceReader;
import io.moereplay.connectors.routing.RoutingFormat;
import io.moereplay.connectors.routing.RoutingTraceReader;
import io.moereplay.connectors.routing.RoutingVisitor;
import io.moereplay.jobs.cli.MoeReplayCli;
import io.moereplay.model.trace.Phase;
import io.moereplay.model.trace.Reject;
import io.moereplay.model.trace.Request;
import io.moereplay.model.trace.TraceShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code moe-replay generate} end to end: files, determinism, and that the readers accept them. */
class GenerateCommandTest {

    private static final String[] OPTIONS = {"--requests", "120", "--mean-interarrival-ms", "1500",
            "--layers", "4", "--experts", "8", "--top-k", "2", "--zipf", "1.0",
            "--decode-tokens-per-request", "3", "--files", "3", "--jsonl", "--seed", "5"};

    private static void generate(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("generate", "--out-dir", out.toString()));
        args.addAll(List.of(OPTIONS));
        args.addAll(List.of(extra));
        assertThat(MoeReplayCli.commandLine().execute(args.toArray(String[]::new))).isZero();
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }

    @Test
    void sameOptionsWriteByteIdenticalFilesWhateverTheThreadCount(@TempDir Path tmp) throws IOException {
        generate(tmp.resolve("a"), "--threads", "1");
        generate(tmp.resolve("b"), "--threads", "3");

        List<Path> a = files(tmp.resolve("a"));
        assertThat(a.stream().map(p -> tmp.resolve("a").relativize(p).toString())).containsExactly(
                "_generate.json", "requests.csv",
                "routing-jsonl/part-00000.jsonl", "routing-jsonl/part-00001.jsonl", "routing-jsonl/part-00002.jsonl",
                "routing/part-00000.parquet", "routing/part-00001.parquet", "routing/part-00002.parquet");
        for (Path file : a) {
            Path twin = tmp.resolve("b").resolve(tmp.resolve("a").relativize(file));
            assertThat(Files.readAllBytes(twin)).as(twin.toString()).isEqualTo(Files.readAllBytes(file));
        }
    }

    @Test
    void readersAcceptTheTracesAndRoutingJoinsTheRequestsByRowIndex(@TempDir Path out) throws IOException {
        generate(out);

        RequestReadResult requests = RequestTraceReader.of(RequestFormat.AZURE_CSV)
                .read(new LocalTraceFile(out.resolve("requests.csv")));
        assertThat(requests.rejects()).isEmpty();
        assertThat(requests.requests()).hasSize(120);
        assertThat(requests.requests().get(0).arrivalMicros()).isEqualTo(1_704_067_200_000_000L); // 2024-01-01 UTC

        List<String> parquet = new ArrayList<>();
        List<String> jsonl = new ArrayList<>();
        for (int part = 0; part < 3; part++) {
            LocalTraceFile parquetPart = new LocalTraceFile(out.resolve("routing/part-0000" + part + ".parquet"));
            assertThat(RoutingTraceReader.of(RoutingFormat.PARQUET).declaredShape(parquetPart))
                    .contains(TraceShape.dense(4, 8));
            RoutingTraceReader.of(RoutingFormat.PARQUET).read(parquetPart, new Rows(parquet));
            RoutingTraceReader.of(RoutingFormat.TOKEN_JSONL)
                    .read(new LocalTraceFile(out.resolve("routing-jsonl/part-0000" + part + ".jsonl")), new Rows(jsonl));
        }

        // Every request routes 3 decode tokens (its output is at least 3 at this median) at 4 layers.
        assertThat(parquet).hasSize(120 * 3 * 4).isEqualTo(jsonl);
        for (String row : parquet) {
            String[] fields = row.split("/");
            Request request = requests.requests().get(Integer.parseInt(fields[0]));
            assertThat(request.id()).isEqualTo(Long.parseLong(fields[0]));
            assertThat(Integer.parseInt(fields[1])).isGreaterThanOrEqualTo(request.inputTokens());
        }
    }

    /** Collects decisions as text; fails on a reject. */
    private record Rows(List<String> rows) implements RoutingVisitor {
        @Override
        public void decision(long row, long requestId, int tokenIndex, Phase phase, int layer,
                int[] experts, int k, float[] gateWeights, int gates) {
            rows.add(requestId + "/" + tokenIndex + "/" + phase + "/" + layer + "/"
                    + Arrays.toString(Arrays.copyOf(experts, k)) + "/" + Arrays.toString(Arrays.copyOf(gateWeights, gates)));
        }

        @Override
        public void load(long row, long startMicros, int layer, int expert, long tokens) {
            throw new AssertionError("a token trace has no load rows");
        }

        @Override
        public void reject(Reject reject) {
            throw new AssertionError("rejected: " + reject);
        }
    }
}
