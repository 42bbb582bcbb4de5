package io.moereplay.model.text;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ClosestNameTest {

    private static final List<String> GPUS = List.of("H100-SXM", "H200", "H800", "A100-80GB", "H20", "L40S", "L20");

    @Test
    void distanceCountsInsertionsDeletionsAndSubstitutions() {
        assertThat(ClosestName.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(ClosestName.distance("", "abc")).isEqualTo(3);
        assertThat(ClosestName.distance("h100-smx", "h100-sxm")).isEqualTo(2);
    }

    @Test
    void aTypoFindsTheNameItWasMeantToBe() {
        assertThat(ClosestName.of("H100-SMX", GPUS)).contains("H100-SXM");
        assertThat(ClosestName.of("l40", GPUS)).contains("L40S");
        assertThat(ClosestName.of("mixtral-8x7", List.of("Mixtral-8x7B", "Mixtral-8x22B"))).contains("Mixtral-8x7B");
        assertThat(ClosestName.of("load_counts_json", List.of("token-jsonl", "load-counts-json"))).contains("load-counts-json");
        assertThat(ClosestName.of("azure", List.of("azure-csv", "mooncake-jsonl", "vidur-csv"))).contains("azure-csv");
    }

    @Test
    void anUnrelatedWordSuggestsNothing() {
        assertThat(ClosestName.of("TPU-v5", GPUS)).isEmpty();
        assertThat(ClosestName.hint("banana", List.of("colocated", "disaggregated", "findep"))).isEmpty();
        assertThat(ClosestName.hint("colocate", List.of("colocated", "disaggregated", "findep")))
                .isEqualTo("; did you mean colocated?");
    }
}
