package io.moereplay.jobs.report;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ExpertLoadTotalsTest {

    @Test
    void mergesTasksTotalsLayerByLayerWhateverTheirWidths() {
        ExpertLoadTotals a = new ExpertLoadTotals();
        a.add(0, 1, 5);
        a.add(0, 1, 2);
        ExpertLoadTotals b = new ExpertLoadTotals();
        b.add(0, 3, 2);
        b.add(new ExpertLoadTotals.Tokens(1, 0, 7));
        ExpertLoadTotals copy = a.clone();
        a.merge(b);
        assertThat(a.getLocalValue()).containsOnlyKeys(0, 1);
        assertThat(a.getLocalValue().get(0)).containsExactly(0, 7, 0, 2);
        assertThat(a.getLocalValue().get(1)).containsExactly(7);
        assertThat(copy.getLocalValue().get(0)).containsExactly(0, 7);
    }
}
