package io.moereplay.connectors.profiles;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProfileDatabaseTest {

    @Test
    void bundlesTheRepositorysH100Folder() throws IOException {
        GpuProfile h100 = ProfileDatabase.bundled().forGpu("H100-SXM");

        assertThat(h100.origin()).isEqualTo("bundled");
        assertThat(h100.expertFfn()).isPresent();
        assertThat(Files.readAllLines(h100.expertFfn().get()))
                .isEqualTo(Files.readAllLines(Path.of("../profiles/H100-SXM/expert_ffn.csv")));
        assertThat(h100.expertSequence()).isPresent();
        assertThat(h100.decodeAttention()).isPresent();
        assertThat(h100.describe(h100.expertFfn().get())).isEqualTo("profiles/H100-SXM/expert_ffn.csv (bundled)");
    }

    @Test
    void aGpuNobodyProfiledHasNoFiles() {
        GpuProfile l40s = ProfileDatabase.bundled().forGpu("L40S");

        assertThat(l40s.isEmpty()).isTrue();
        assertThat(l40s.expertFfn()).isEmpty();
        assertThat(l40s.groupedMoe()).isEmpty();
    }

    @Test
    void aUsersFolderOfOneGpuAddsItAndReplacesTheBundledOneWhole(@TempDir Path dir) throws IOException {
        Path h100 = Files.createDirectories(dir.resolve("H100-SXM"));
        Files.writeString(h100.resolve("grouped_moe.csv"), "model\n");

        ProfileDatabase database = ProfileDatabase.bundledPlus(h100);

        assertThat(database.forGpu("H100-SXM").groupedMoe()).contains(h100.resolve("grouped_moe.csv"));
        assertThat(database.forGpu("H100-SXM").expertFfn()).isEmpty();
        assertThat(database.forGpu("H100-SXM").origin()).isEqualTo("--profiles " + h100);
    }

    @Test
    void aUsersFolderOfGpuFoldersAddsEach(@TempDir Path dir) throws IOException {
        Files.writeString(Files.createDirectories(dir.resolve("H200")).resolve("expert_ffn.csv"), "model\n");
        Files.writeString(Files.createDirectories(dir.resolve("B200")).resolve("env.json"), "{}");
        Files.createDirectories(dir.resolve("notes"));

        ProfileDatabase database = ProfileDatabase.bundledPlus(dir);

        assertThat(database.gpus()).containsExactly("B200", "H100-SXM", "H200");
        assertThat(database.forGpu("H200").expertFfn()).isPresent();
    }

    @Test
    void refusesAFolderWithoutProfiles(@TempDir Path dir) {
        assertThatThrownBy(() -> ProfileDatabase.bundledPlus(dir))
                .hasMessage("--profiles " + dir + ": not a folder of GPU profiles; pass a folder holding [env.json,"
                        + " expert_ffn.csv, expert_sequence.csv, grouped_moe.csv, decode_attention.csv, all_to_all.csv,"
                        + " all_reduce.csv] (its name is the GPU's) or a folder of such folders");
    }

    @Test
    void readsTheBundleInsideAJar(@TempDir Path dir) throws IOException {
        Path jar = dir.resolve("app.jar");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(jar))) {
            put(out, "profiles/README.md", "# profiles\n");
            put(out, "profiles/H200/grouped_moe.csv", "model,tokens\nOLMoE-1B-7B,8\n");
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            GpuProfile h200 = ProfileDatabase.of(ProfileDatabase.bundledFolder(loader), null).forGpu("H200");

            assertThat(h200.groupedMoe()).isPresent();
            assertThat(Files.readAllLines(h200.groupedMoe().get())).containsExactly("model,tokens", "OLMoE-1B-7B,8");
        }
    }

    @Test
    void readsWherePublishedFiguresCameFromLeniently(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("env.json"), "{\"gpu\": \"NVIDIA H200\", \"sources\": {\"all_to_all.csv\":"
                + " \"NCCL tests, H200 NVLink\", \"all_reduce.csv\": 3}}");
        Path broken = Files.createDirectories(dir.resolve("broken"));
        Files.writeString(broken.resolve("env.json"), "{\"sources\": ");

        assertThat(new GpuProfile("H200", dir, "test").sources()).containsExactly(
                java.util.Map.entry("all_to_all.csv", "NCCL tests, H200 NVLink"));
        assertThat(new GpuProfile("H200", broken, "test").sources()).isEmpty();
    }

    private static void put(ZipOutputStream zip, String name, String text) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        OutputStream out = zip;
        out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        zip.closeEntry();
    }
}
