package io.moereplay.connectors.catalog;

import io.moereplay.connectors.io.json.JsonInputException;
import io.moereplay.model.hardware.GpuSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class HardwareCatalogTest {

    @TempDir
    Path dir;

    @Test
    void builtInGpusCarryTheIssuesTypesEachWithASource() {
        HardwareCatalog catalog = HardwareCatalog.builtIn();
        assertThat(catalog.names()).containsExactly("H100-SXM", "H200", "H800", "A100-80GB", "H20", "L40S", "L20");
        for (String name : catalog.names()) {
            assertThat(catalog.source(name)).get().asString().hasSizeGreaterThan(40);
        }
        GpuSpec h100 = catalog.get("H100-SXM");
        assertThat(h100.flopsPerMicro()).isEqualTo(989e6);
        assertThat(h100.hbmBytesPerMicro()).isEqualTo(3.35e6);
        assertThat(h100.nvlinkBytesPerMicroOneWay()).isEqualTo(450e3);
        assertThat(h100.nicBytesPerMicro()).isEqualTo(50e3);
        assertThat(h100.ridgeFlopsPerByte()).isCloseTo(295.2, within(0.1));
    }

    /** MegaScale-Infer Table 3: specs as printed and prices relative to the L20. */
    @Test
    void megaScaleInferTable3FiguresAndPriceRatiosHold() {
        HardwareCatalog catalog = HardwareCatalog.builtIn();
        double l20 = catalog.get("L20").usdPerHour();
        assertThat(catalog.get("H800").usdPerHour() / l20).isCloseTo(5.28, within(0.01));
        assertThat(catalog.get("H20").usdPerHour() / l20).isCloseTo(1.85, within(0.01));
        assertThat(catalog.get("L40S").usdPerHour() / l20).isCloseTo(1.08, within(0.01));
        assertThat(catalog.get("A100-80GB").usdPerHour() / l20).isCloseTo(2.26, within(0.01));
        GpuSpec h20 = catalog.get("H20");
        assertThat(new double[] {h20.memoryGB(), h20.hbmGBs(), h20.bf16Tflops(), h20.watts()})
                .containsExactly(96, 4096, 148, 500);
        GpuSpec l40s = catalog.get("L40S");
        assertThat(new double[] {l40s.memoryGB(), l40s.hbmGBs(), l40s.bf16Tflops(), l40s.watts()})
                .containsExactly(48, 864, 362, 350);
        // Table 3's per-price columns: H20 2214.1 GB/s per price unit, L40S 335.2 TFLOPS per unit.
        assertThat(h20.hbmGBs() / (h20.usdPerHour() / l20)).isCloseTo(2214.1, within(5.0));
        assertThat(l40s.bf16Tflops() / (l40s.usdPerHour() / l20)).isCloseTo(335.2, within(1.0));
    }

    @Test
    void aUserFileAddsOrReplacesGpus() throws Exception {
        Path file = Files.writeString(dir.resolve("mine.json"), """
                {"gpus": [{"name": "H100-SXM", "source": "our contract", "bf16Tflops": 989, "hbmGBs": 3350,
                  "memoryGB": 80, "nvlinkGBs": 900, "nicGbps": 400, "usdPerHour": 2.1, "watts": 700}]}""");
        HardwareCatalog catalog = HardwareCatalog.load(file);
        assertThat(catalog.get("H100-SXM").usdPerHour()).isEqualTo(2.1);
        assertThat(catalog.source("H100-SXM")).contains("our contract");
        assertThat(catalog.names()).hasSize(7);
    }

    @Test
    void badFilesNameTheField() throws Exception {
        Path negative = Files.writeString(dir.resolve("neg.json"), """
                {"name": "X", "source": "s", "bf16Tflops": -1, "hbmGBs": 1, "memoryGB": 1, "nvlinkGBs": 0,
                 "nicGbps": 1, "usdPerHour": 1, "watts": 1}""");
        Path missing = Files.writeString(dir.resolve("missing.json"), """
                [{"name": "X", "source": "s", "bf16Tflops": 1, "memoryGB": 1, "nvlinkGBs": 0,
                 "nicGbps": 1, "usdPerHour": 1, "watts": 1}]""");
        Path typo = Files.writeString(dir.resolve("typo.json"), """
                {"name": "X", "source": "s", "bf16Tflop": 1}""");
        assertThatThrownBy(() -> HardwareCatalog.load(negative)).isInstanceOf(JsonInputException.class)
                .hasMessage(negative + " line 1: $.bf16Tflops must be a positive number, found -1");
        assertThatThrownBy(() -> HardwareCatalog.load(missing))
                .hasMessage(missing + " line 1: missing key \"hbmGBs\" in $[0]; add it: a positive number");
        assertThatThrownBy(() -> HardwareCatalog.load(typo)).hasMessage(typo + " line 1: unknown key \"bf16Tflop\" in $;"
                + " did you mean \"bf16Tflops\"? (known: name, source, bf16Tflops, hbmGBs, memoryGB, nvlinkGBs, nicGbps,"
                + " usdPerHour, watts)");
        assertThatThrownBy(() -> HardwareCatalog.builtIn().get("B200"))
                .hasMessageContaining("no GPU \"B200\" in the catalog").hasMessageContaining("(known: H100-SXM, ");
    }
}
