package io.moereplay.jobs.nightly;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moereplay.jobs.testing.DuckDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NightlyJobITCase {

    private static final LocalDate DATE = LocalDate.of(2026, 11, 23);

    @TempDir
    Path out;

    @TempDir
    Path configs;

    /**
     * The sample nightly configuration: one partition with a folder per stage and the manifest,
     * whose row counts DuckDB finds in the tables; a rerun of the date leaves one partition with the
     * same run ids and rows; a run whose straggler stage fails leaves that partition as it was and
     * no staging folder behind.
     */
    @Test
    void aNightWritesOnePartitionThatRerunsReplaceAndFailuresLeave() throws Exception {
        NightlyConfig config = NightlyConfig.load(Path.of("../sample-traces/nightly.json"));
        NightlyJob.run(config, DATE, out, 2);
        Path partition = out.resolve("date=2026-11-23");
        JsonNode manifest = new ObjectMapper().readTree(partition.resolve(NightlyJob.MANIFEST).toFile());
        assertThat(names(partition)).containsExactlyInAnyOrder("_manifest.json", "replay", "hotness", "straggler",
                "placement", "cost", "report.html");
        try (DuckDb duck = new DuckDb()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = manifest.get("table_rows").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> table = it.next();
                assertThat(duck.rows("SELECT count(*) FROM read_parquet('%s/%s/*.parquet')"
                        .formatted(partition, table.getKey())).get(0).get(0))
                        .as(table.getKey()).isEqualTo(table.getValue().asLong());
            }
        }
        assertThat(manifest.get("table_rows").get("placement/placement_recommendation").asLong()).isEqualTo(8);
        // Each stage that timed deployments says which model timed each GPU and component: no grouped table
        // for the L40S or the H100 (experts on the roofline), the H100's measured attention sweep.
        JsonNode straggler = manifest.get("stages").get("straggler").get("kernel_models");
        assertThat(component(straggler, "experts", "gpu")).containsExactly("L40S", "H100-SXM");
        assertThat(component(straggler, "experts", "model")).containsOnly("roofline");
        assertThat(component(straggler, "attention", "gpu")).containsExactlyInAnyOrder("H20", "H100-SXM");
        assertThat(component(straggler, "attention", "model")).containsExactlyInAnyOrder("roofline", "measured");
        assertThat(component(manifest.get("stages").get("cost").get("kernel_models"), "experts", "model"))
                .isNotEmpty().containsOnly("roofline");
        JsonNode requests = manifest.get("inputs").get(1);
        assertThat(requests.get("path").asText()).endsWith("sample-traces/requests.csv");
        assertThat(requests.get("bytes").asLong()).isEqualTo(Files.size(Path.of("../sample-traces/requests.csv")));
        assertThat(requests.get("sha256").asText()).matches("[0-9a-f]{64}");

        NightlyJob.run(config, DATE, out, 2);
        JsonNode rerun = new ObjectMapper().readTree(partition.resolve(NightlyJob.MANIFEST).toFile());
        assertThat(names(out)).containsExactly(version(partition), "date=2026-11-23");
        assertThat(rerun.get("table_rows")).isEqualTo(manifest.get("table_rows"));
        assertThat(rerun.get("stages").get("cost").get("run_id")).isEqualTo(manifest.get("stages").get("cost").get("run_id"));

        Path brokenFile = sampleConfigWith("gpus=8\"]", "gpus=eight\"]");
        assertThatThrownBy(() -> NightlyJob.run(NightlyConfig.load(brokenFile), DATE, out, 2))
                .hasMessageContaining("gpus=eight is not a positive integer");
        assertThat(names(out)).containsExactly(version(partition), "date=2026-11-23");
        assertThat(new ObjectMapper().readTree(partition.resolve(NightlyJob.MANIFEST).toFile()).get("table_rows"))
                .isEqualTo(manifest.get("table_rows"));
    }

    /**
     * Two nights, the second with a steeper router (Zipf 2.0 against 1.2): the drift table has a row
     * per layer whose balancedness is DuckDB's mean over max of that night's expert_load, whose
     * verdict follows the rule (hot Jaccard below 0.5 or balancedness down more than 5%), and the
     * steeper night calls for rebalancing some layers.
     */
    @Test
    void theNextNightComparesWithThePreviousOne() throws Exception {
        NightlyJob.run(NightlyConfig.load(Path.of("../sample-traces/nightly.json")), DATE, out, 2);
        Path file = sampleConfigWith("zipf:1.2", "zipf:2.0");
        NightlyJob.run(NightlyConfig.load(file), DATE.plusDays(1), out, 2);
        Path tonight = out.resolve("date=2026-11-24");
        JsonNode manifest = new ObjectMapper().readTree(tonight.resolve(NightlyJob.MANIFEST).toFile());
        assertThat(manifest.get("drift").get("previous_date").asText()).isEqualTo("2026-11-23");
        try (DuckDb duck = new DuckDb()) {
            String drift = "read_parquet('%s/drift/*.parquet')".formatted(tonight);
            assertThat(duck.rows("SELECT count(*), count(*) FILTER (WHERE rebalance) > 0 FROM " + drift))
                    .containsExactly(List.of(32L, true));
            List<List<Object>> wrong = duck.rows("""
                    WITH totals AS (SELECT layer, expert, sum(tokens) AS t FROM read_parquet('%s/replay/expert_load/*.parquet')
                                    WHERE NOT shared GROUP BY ALL),
                    balance AS (SELECT layer, avg(t) / max(t) AS b FROM totals GROUP BY layer)
                    SELECT d.layer FROM %s d JOIN balance USING (layer)
                    WHERE abs(d.balancedness - balance.b) > 1e-12
                       OR d.rebalance <> (d.hot_jaccard < 0.5
                           OR (d.previous_balancedness - d.balancedness) / d.previous_balancedness > 0.05)
                    """.formatted(tonight, drift));
            assertThat(wrong).isEmpty();
        }
    }

    /** The sample configuration with one change, written elsewhere with its trace paths made absolute. */
    /**
     * The night run straight off an SGLang recorder dump (sample-traces/nightly-sglang.json): hotness
     * and placement read the engine's counts per 50 forward passes, and hotness's tokens per (layer,
     * expert) are the totals the script that drew the dump's routing computed (DuckDB over both).
     */
    @Test
    void anEngineDumpFeedsHotnessAndPlacementByForwardPass() throws Exception {
        NightlyJob.run(NightlyConfig.load(Path.of("../sample-traces/nightly-sglang.json")), DATE, out, 2);
        Path partition = out.resolve("date=2026-11-23");
        JsonNode placement = new ObjectMapper().readTree(partition.resolve("placement/_run_summary.json").toFile());
        assertThat(placement.get("routing_format").asText()).isEqualTo("sglang-per-pass");
        try (DuckDb duck = new DuckDb()) {
            String hotness = "read_parquet('%s/hotness/expert_hotness/*.parquet')".formatted(partition);
            assertThat(duck.rows("SELECT count(DISTINCT window_index), min(window_first_pass), max(window_first_pass)"
                    + " FROM " + hotness)).containsExactly(List.of(8L, 1000L, 1350L));
            String expected = "read_csv('../sample-traces/sglang/_expected_totals.csv')";
            assertThat(duck.rows("SELECT count(*) FROM " + expected)).containsExactly(List.of(256L));
            assertThat(duck.rows("SELECT count(*) FROM (SELECT layer, expert, sum(tokens) AS tokens FROM " + hotness
                    + " GROUP BY ALL) h FULL JOIN " + expected + " e USING (layer, expert)"
                    + " WHERE h.tokens IS DISTINCT FROM e.tokens")).containsExactly(List.of(0L));
            assertThat(duck.rows("SELECT count(DISTINCT window_index) FROM read_parquet('%s/placement/placement_backtest/*.parquet')"
                    .formatted(partition)).get(0).get(0)).isEqualTo(8L);
        }
    }

    /**
     * Nights that emit an SGLang placement file carry it forward: the first night starts from no
     * placement and writes engine/expert_location.json; the next night takes that file as the
     * placement in force, so every layer's max/mean before equals the first night's after for the
     * emitted policy (same dump, equal dispatch both ways); a night on other GPUs cannot use it and
     * falls back to a full placement, saying why.
     */
    @Test
    void anEmittedPlacementIsTheNextNightsPlacementInForce() throws Exception {
        Path first = out.resolve("date=2026-11-22");
        Path second = out.resolve("date=2026-11-23");
        NightlyJob.run(NightlyConfig.load(emittingConfig(4, 4)), LocalDate.of(2026, 11, 22), out, 2);
        JsonNode night1 = new ObjectMapper().readTree(first.resolve(NightlyJob.MANIFEST).toFile());
        assertThat(night1.get("placement_in_force").get("carried").asBoolean()).isFalse();
        assertThat(night1.get("emitted").asText()).isEqualTo("engine/expert_location.json");
        assertThat(first.resolve("engine/expert_location.json")).isRegularFile();

        NightlyJob.run(NightlyConfig.load(emittingConfig(4, 4)), DATE, out, 2);
        JsonNode night2 = new ObjectMapper().readTree(second.resolve(NightlyJob.MANIFEST).toFile());
        assertThat(night2.get("placement_in_force").get("carried").asBoolean()).isTrue();
        assertThat(night2.get("placement_in_force").get("from").asText())
                .endsWith("date=2026-11-22/engine/expert_location.json");
        try (DuckDb duck = new DuckDb()) {
            String emitted = duck.rows("SELECT policy FROM read_parquet('%s/placement/placement_recommendation/*.parquet')"
                    .formatted(first) + " WHERE recommended").get(0).get(0).toString();
            assertThat(emitted).isNotEqualTo("none");
            List<List<Object>> mismatched = duck.rows("""
                    SELECT a.layer, a.max_over_mean_after, b.max_over_mean_before
                    FROM read_parquet('%s/placement/placement_summary/*.parquet') a
                    JOIN read_parquet('%s/placement/placement_summary/*.parquet') b ON a.layer = b.layer AND b.policy = 'none'
                    WHERE a.policy = '%s' AND abs(a.max_over_mean_after - b.max_over_mean_before) > 1e-9"""
                    .formatted(first, second, emitted));
            assertThat(mismatched).isEmpty();
            assertThat(duck.rows("SELECT count(DISTINCT layer) FROM read_parquet('%s/placement/placement_summary/*.parquet')"
                    .formatted(second)).get(0).get(0)).isEqualTo(32L);
        }

        NightlyJob.run(NightlyConfig.load(emittingConfig(2, 2)), LocalDate.of(2026, 11, 24), out, 2);
        JsonNode night3 = new ObjectMapper().readTree(out.resolve("date=2026-11-24").resolve(NightlyJob.MANIFEST).toFile());
        assertThat(night3.get("placement_in_force").get("carried").asBoolean()).isFalse();
        assertThat(night3.get("placement_in_force").get("from").asText())
                .startsWith("none: full placement, because the previous night's cannot be used: --current")
                .contains("slots");
    }

    private Path emittingConfig(int gpus, int redundant) throws Exception {
        Path samples = Path.of("../sample-traces").toAbsolutePath().normalize();
        Path file = configs.resolve("nightly-emit.json");
        Files.writeString(file, """
                {"requests": "%s", "routing": ["%s"], "routing_window": "50pass", "model": "Mixtral-8x7B",
                 "placement": {"gpus": %d, "redundant_slots": %d, "policies": ["greedy"], "intervals": [1, 2],
                               "emit": "sglang"}}""".formatted(samples.resolve("requests.csv"), samples.resolve("sglang"),
                gpus, redundant));
        return file;
    }

    private Path sampleConfigWith(String from, String to) throws Exception {
        String text = Files.readString(Path.of("../sample-traces/nightly.json"))
                .replace("\"requests.csv\"", "\"" + Path.of("../sample-traces/requests.csv").toAbsolutePath() + "\"")
                .replace("\"routing\"]", "\"" + Path.of("../sample-traces/routing").toAbsolutePath() + "\"]")
                .replace(from, to);
        Path file = configs.resolve("nightly.json");
        Files.writeString(file, text);
        return file;
    }

    /** The hidden version folder the partition's link names: the only other entry a finished night leaves. */
    private static String version(Path partition) throws Exception {
        assertThat(Files.isSymbolicLink(partition)).isTrue();
        return Files.readSymbolicLink(partition).toString();
    }

    /** One field of the kernel_models entries of {@code component}, in their order. */
    private static List<String> component(JsonNode kernelModels, String component, String field) {
        List<String> values = new java.util.ArrayList<>();
        kernelModels.forEach(entry -> {
            if (entry.get("component").asText().equals(component)) {
                values.add(entry.get(field).asText());
            }
        });
        return values;
    }

    private static List<String> names(Path folder) throws Exception {
        try (Stream<Path> list = Files.list(folder)) {
            return list.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }
}
