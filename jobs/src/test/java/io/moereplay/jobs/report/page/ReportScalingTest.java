package io.moereplay.jobs.report.page;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The page's scaling rules against numbers worked out by hand. */
class ReportScalingTest {

    @Test
    void sixteenExpertsAreColumnsByExpertId() {
        HeatmapColumns columns = HeatmapColumns.of(16);
        assertThat(columns.byRank()).isFalse();
        assertThat(columns.columns()).hasSize(16);
        assertThat(columns.columns().get(15)).isEqualTo(new HeatmapColumns.Column(15, 15));
    }

    /** 256 experts: ranks 1..16 alone, then (256 - 16) / 48 = 5 ranks a bucket: 17-21 ... 252-256, 64 columns. */
    @Test
    void deepSeekV3sTwoHundredFiftySixExpertsBecomeSixtyFourRankColumns() {
        HeatmapColumns columns = HeatmapColumns.of(256);
        assertThat(columns.byRank()).isTrue();
        assertThat(columns.columns()).hasSize(64);
        assertThat(columns.columns().subList(15, 18)).containsExactly(new HeatmapColumns.Column(16, 16),
                new HeatmapColumns.Column(17, 21), new HeatmapColumns.Column(22, 26));
        assertThat(columns.columns().get(63)).isEqualTo(new HeatmapColumns.Column(252, 256));
        assertThat(columns.columns().stream().mapToInt(HeatmapColumns.Column::size).sum()).isEqualTo(256);
        assertThat(columns.indexOf(16)).isEqualTo(15);
        assertThat(columns.indexOf(21)).isEqualTo(16);
        assertThat(columns.indexOf(256)).isEqualTo(63);
        assertThatThrownBy(() -> columns.indexOf(257)).hasMessage("rank 257 is in no column (columns 1 .. 252-256)");
    }

    /** 128 experts: 112 past rank 16, ceil(112 / 48) = 3 a bucket, 38 buckets, the last 128-128 alone. */
    @Test
    void aTailThatDoesNotDivideEndsInAShorterBucket() {
        List<HeatmapColumns.Column> columns = HeatmapColumns.of(128).columns();
        assertThat(columns).hasSize(16 + 38);
        assertThat(columns.get(columns.size() - 1)).isEqualTo(new HeatmapColumns.Column(128, 128));
        assertThat(columns.get(columns.size() - 2)).isEqualTo(new HeatmapColumns.Column(125, 127));
    }

    @Test
    void sixtyFourExpertsStillFitOneColumnEach() {
        assertThat(HeatmapColumns.of(64).byRank()).isFalse();
        assertThat(HeatmapColumns.of(65).byRank()).isTrue();
        assertThatThrownBy(() -> HeatmapColumns.of(0)).hasMessageContaining("experts 0");
    }

    /** 1230 px for 64 columns: 19 px; 58 layers in 900 px: 15 px; 8 layers: capped at 22; 500 columns: floored at 8. */
    @Test
    void cellsShareTheSpaceWithinTheirBounds() {
        assertThat(HeatmapSection.cellSize(1220, 64, 8, 40)).isEqualTo(19);
        assertThat(HeatmapSection.cellSize(900, 58, 8, 22)).isEqualTo(15);
        assertThat(HeatmapSection.cellSize(900, 8, 8, 22)).isEqualTo(22);
        assertThat(HeatmapSection.cellSize(1220, 500, 8, 40)).isEqualTo(8);
    }

    /** 61 layers at 20 px need every 2nd label for 22 px; 61 at 4 px every 10th (5 x 4 = 20 < 22); 8 at 28 px all. */
    @Test
    void labelsThinToTheNextOneTwoFiveStep() {
        assertThat(AxisLabels.every(20, 22)).isEqualTo(2);
        assertThat(AxisLabels.every(4, 22)).isEqualTo(10);
        assertThat(AxisLabels.every(28, 22)).isEqualTo(1);
        assertThat(AxisLabels.every(1, 150)).isEqualTo(200);
    }

    @Test
    void theBalancednessAxisStopsAtTheNextTwentiethOrOne() {
        assertThat(ValueAxis.shareTop(0.036)).isEqualTo(0.05);
        assertThat(ValueAxis.shareTop(0.05)).isEqualTo(0.05);
        assertThat(ValueAxis.shareTop(0.28)).isEqualTo(0.3);
        assertThat(ValueAxis.shareTop(0.7)).isEqualTo(1.0);
    }
}
