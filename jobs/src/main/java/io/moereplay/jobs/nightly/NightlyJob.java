package io.moereplay.jobs.nightly;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.moereplay.connectors.routing.RoutingFormat;
import io.moereplay.jobs.cost.CostConfig;
import io.moereplay.jobs.cost.SloSettings;
import io.moereplay.jobs.cost.DeploymentCostJob;
import io.moereplay.jobs.hotness.ExpertHotnessJob;
import io.moereplay.jobs.hotness.HotnessConfig;
import io.moereplay.jobs.input.RoutingInputs;
import io.moereplay.jobs.output.CrashPoint;
import io.moereplay.jobs.output.RunVersions;
import io.moereplay.jobs.output.VersionedFolder;
import io.moereplay.jobs.replay.ReplayConfig;
import io.moereplay.jobs.report.page.NightReport;
import io.moereplay.jobs.replay.RoutingReplayJob;
import io.moereplay.jobs.straggler.StragglerJob;
import io.moereplay.model.drift.LayerDigest;
import io.moereplay.model.drift.LayerDrift;
import io.moereplay.model.hotness.WindowSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The nightly run: replay, hotness, straggler, placement and cost over one day's traces, into one
 * partition {@code date=YYYY-MM-DD/} with a folder per stage ({@code replay/expert_load/...},
 * {@code hotness/expert_hotness/...}, ...). The partition is built in a hidden version folder
 * {@code .date=YYYY-MM-DD.v-<nonce>/} and its manifest, {@code _manifest.json}, written last (inputs
 * with sizes and SHA-256, the resolved configuration, versions, row counts per table, rejects, wall
 * time); only then does {@code date=YYYY-MM-DD}, a symbolic link, get renamed onto the new version
 * in one atomic step (see {@link VersionedFolder}): a reader sees the old partition or the new one,
 * never a half-written one or none, and the old version is deleted after. A stage that fails
 * removes the version folder and leaves the previous partition; a killed night leaves its version
 * folder with a lock naming its dead pid, which the next night into the same folder deletes. The
 * manifest also keeps the night's digest (each layer's hot experts and balancedness) and cost
 * ranking, which the next night's {@code drift} table compares with.
 */
public final class NightlyJob {

    public static final String MANIFEST = "_manifest.json";
    static final long MAX_REJECTS = 1_000_000;

    private NightlyJob() {}

    /**
     * @param out the folder holding the date partitions (a local path: the swap is a rename)
     * @param parallelism Flink parallelism, or 0 for the default
     * @return the manifest
     */
    public static Map<String, Object> run(NightlyConfig config, LocalDate date, Path out, int parallelism)
            throws Exception {
        long start = System.currentTimeMillis();
        Files.createDirectories(out);
        removeOldStaging(out);
        Path partition = out.resolve("date=" + date);
        VersionedFolder version = VersionedFolder.begin(out, partition.getFileName().toString(),
                ".date=" + date + ".v-", "", CrashPoint.NIGHTLY);
        Path staging = version.version();
        try {
            List<Map<String, Object>> inputs = inputs(config);
            // Run ids from the date, the configuration and the inputs' checksums: a rerun of the same
            // night names its rows the same, wherever it stages them.
            String night = date + "-" + sha256(new ObjectMapper().writeValueAsBytes(List.of(
                    config.json(), inputs))).substring(0, 12);
            Map<String, Object> stages = stages(config, staging, NightDrift.previous(out, date), parallelism, night);
            Map<String, Object> manifest = manifest(config, date, inputs, stages, start);
            drift(out, date, staging, night, stages, manifest);
            manifest.put("headline", NightlyHeadline.text(stages, manifest.get("drift")));
            CrashPoint.step(CrashPoint.NIGHTLY, "writing " + MANIFEST);
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValue(staging.resolve(MANIFEST).toFile(), manifest);
            // In the version folder before the commit, so the partition appears with its page. A page that
            // cannot be drawn must not cost the night its tables: say so and publish without it.
            try {
                NightReport.writeInto(staging, out);
            } catch (IOException | RuntimeException e) {
                System.err.println("moe-replay nightly: " + NightReport.FILE + " not written (" + e.getMessage()
                        + "); the tables are complete: draw it later with moe-replay report " + partition);
            }
            version.publish();
            return manifest;
        } catch (Exception e) {
            version.abort();
            throw e;
        }
    }

    private static Map<String, Object> stages(NightlyConfig config, Path staging, Optional<Path> previousNight,
            int parallelism, String night) throws Exception {
        Map<String, Object> stages = new LinkedHashMap<>();
        StageAnnouncer announce = new StageAnnouncer(System.err, 2 + (config.deployments().isEmpty() ? 0 : 1)
                + (config.placement() == null ? 0 : 1) + (config.cost() == null ? 0 : 1));
        WindowSpec window = WindowSpec.parse(config.window());
        Path replayOut = staging.resolve("replay");
        stages.put("replay", announce.run("replay",
                () -> RoutingReplayJob.run(replay(config, replayOut, window, parallelism, night + "-replay"))));
        Path expertLoad = replayOut.resolve("expert_load");
        // An engine's own counters are what it served: hotness and placement read them, by pass.
        boolean engineCounts = !config.routing().isEmpty()
                && RoutingInputs.format(strings(config.routing())).clock() == RoutingFormat.Clock.PASSES;
        WindowSpec countsWindow = engineCounts ? WindowSpec.parse(config.routingWindow()) : window;
        List<String> loads = engineCounts ? strings(config.routing()) : List.of(expertLoad.toString());
        HotnessConfig hotness = config.routing().isEmpty() || engineCounts
                ? new HotnessConfig(loads, null, null, null, countsWindow,
                        staging.resolve("hotness").toString(), parallelism, HotnessConfig.DEFAULT_HOT_THRESHOLD, null,
                        null, night + "-hotness", MAX_REJECTS)
                : new HotnessConfig(strings(config.routing()), null, config.requests().toString(), null, window,
                        staging.resolve("hotness").toString(), parallelism, HotnessConfig.DEFAULT_HOT_THRESHOLD, null,
                        null, night + "-hotness", MAX_REJECTS);
        stages.put("hotness", announce.run("hotness", () -> ExpertHotnessJob.run(hotness)));
        if (!config.deployments().isEmpty()) {
            stages.put("straggler", announce.run("straggler", () -> StragglerJob.run(replay(config,
                    staging.resolve("straggler"), WindowSpec.all(), parallelism, night + "-straggler"), config.deployments(),
                    null, null, config.stragglerRows())));
        }
        if (config.placement() != null) {
            stages.put("placement", announce.run("placement", () -> NightPlacement.run(config, loads, countsWindow,
                    staging, previousNight, parallelism, night + "-placement")));
        }
        if (config.cost() != null) {
            Path candidates = staging.resolve("cost-candidates.json");
            new ObjectMapper().writeValue(candidates.toFile(), SloSettings.candidatesOnly(config.cost()));
            stages.put("cost", announce.run("cost", () -> DeploymentCostJob.run(new CostConfig(replay(config,
                    staging.resolve("cost"), WindowSpec.all(), parallelism, night + "-cost"), List.of(),
                    candidates.toString(), null, null, SloSettings.fromNightly(config.file(), config.cost()),
                    false))));
            Files.delete(candidates);
        }
        return stages;
    }

    private static ReplayConfig replay(NightlyConfig config, Path out, WindowSpec window, int parallelism,
            String runId) {
        return new ReplayConfig(config.requests().toString(), null, config.model(), ReplayConfig.SYNTHETIC,
                List.of(), strings(config.calibrate()), null, null, null, config.popularity(), "zipf", config.drift(), 1,
                256, 30_000, window, out.toString(), parallelism, runId, MAX_REJECTS);
    }

    /** The configuration file and every input file, with sizes and SHA-256. */
    private static List<Map<String, Object>> inputs(NightlyConfig config) throws IOException {
        List<Path> inputs = new ArrayList<>(List.of(config.file(), config.requests()));
        if (config.model().configFile() != null) {
            inputs.add(Path.of(config.model().configFile()));
        }
        inputs.addAll(config.routing());
        inputs.addAll(config.calibrate());
        List<Map<String, Object>> files = new ArrayList<>();
        for (Path input : inputs) {
            for (Path file : files(input)) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("path", file.toString());
                entry.put("bytes", Files.size(file));
                entry.put("sha256", sha256(file));
                files.add(entry);
            }
        }
        return files;
    }

    private static Map<String, Object> manifest(NightlyConfig config, LocalDate date, List<Map<String, Object>> inputs,
            Map<String, Object> stages, long start) throws IOException {
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("date", date.toString());
        manifest.put("config_file", config.file().toString());
        manifest.put("config", config.json());
        manifest.put("inputs", inputs);
        manifest.put("versions", RunVersions.current());
        Map<String, Object> tables = new LinkedHashMap<>();
        Map<String, Object> runs = new LinkedHashMap<>();
        long rejects = 0;
        for (Map.Entry<String, Object> stage : stages.entrySet()) {
            Map<?, ?> summary = (Map<?, ?>) stage.getValue();
            ((Map<?, ?>) summary.get("table_rows")).forEach((table, rows) -> tables.put(stage.getKey() + "/" + table, rows));
            Object rejected = summary.get("rows_rejected");
            rejects += rejected instanceof Number n ? n.longValue() : 0;
            Map<String, Object> run = new LinkedHashMap<>(Map.of("run_id", summary.get("run_id"), "wall_ms",
                    summary.get("wall_ms")));
            if (summary.get("kernel_models") != null) {
                // Which profile or roofline timed each GPU, per stage that timed deployments.
                run.put("kernel_models", summary.get("kernel_models"));
            }
            runs.put(stage.getKey(), run);
        }
        manifest.put("stages", runs);
        Map<?, ?> placement = (Map<?, ?>) stages.get("placement");
        if (placement != null) {
            manifest.put(NightPlacement.IN_FORCE, placement.get(NightPlacement.IN_FORCE));
            if (placement.containsKey(NightPlacement.EMITTED)) {
                manifest.put(NightPlacement.EMITTED, placement.get(NightPlacement.EMITTED));
            }
        }
        manifest.put("table_rows", tables);
        manifest.put("rows_rejected", rejects);
        manifest.put("wall_ms", System.currentTimeMillis() - start);
        return manifest;
    }

    /**
     * Tonight's digest and cost ranking into the manifest and, when an earlier complete night exists,
     * the drift table against it.
     */
    @SuppressWarnings("unchecked")
    private static void drift(Path out, LocalDate date, Path staging, String night, Map<String, Object> stages,
            Map<String, Object> manifest) throws IOException {
        List<LayerDigest> digest = NightDrift.digest(staging.resolve("replay").resolve("expert_load"));
        manifest.put("digest", digest);
        Object costStage = stages.get("cost");
        List<String> ranking = costStage == null ? List.of() : (List<String>) ((Map<String, Object>) costStage).get("ranking");
        manifest.put("cost_ranking", ranking);
        Optional<Path> previous = NightDrift.previous(out, date);
        if (previous.isEmpty()) {
            manifest.put("drift", "no earlier night in " + out);
            return;
        }
        JsonNode before = NightDrift.manifest(previous.get());
        LocalDate previousDate = LocalDate.parse(before.get("date").asText());
        List<LayerDrift> rows = NightDrift.write(staging, night + "-drift", previousDate, before, digest);
        List<String> previousRanking = new ArrayList<>();
        before.path("cost_ranking").forEach(label -> previousRanking.add(label.asText()));
        Map<String, Object> drift = new LinkedHashMap<>();
        drift.put("previous_date", previousDate.toString());
        drift.put("layers_to_rebalance", rows.stream().filter(LayerDrift::rebalance).map(LayerDrift::layer).toList());
        drift.put("cost_ranking_changed", !previousRanking.equals(ranking));
        drift.put("previous_cost_ranking", previousRanking);
        manifest.put("drift", drift);
        ((Map<String, Object>) manifest.get("table_rows")).put(NightDrift.TABLE, (long) rows.size());
    }

    /** Staging and replaced partitions that nights of moe-replay before versioned partitions left. */
    private static void removeOldStaging(Path out) throws IOException {
        try (Stream<Path> list = Files.list(out)) {
            for (Path old : list.filter(p -> p.getFileName().toString().matches("\\.date=.*\\.staging-.*|\\.replaced-.*"))
                    .toList()) {
                VersionedFolder.deleteTree(old);
            }
        }
    }

    private static List<Path> files(Path input) throws IOException {
        if (!Files.isDirectory(input)) {
            return List.of(input);
        }
        try (Stream<Path> walk = Files.walk(input)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static String sha256(byte[] bytes) {
        MessageDigest digest = sha256();
        return HexFormat.of().formatHex(digest.digest(bytes));
    }

    /** A file's SHA-256, read in blocks (traces can be larger than memory). */
    private static String sha256(Path file) throws IOException {
        MessageDigest digest = sha256();
        try (java.io.InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    private static List<String> strings(List<Path> paths) {
        return paths.stream().map(Path::toString).toList();
    }
}
