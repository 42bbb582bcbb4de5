package io.moereplay.model.routing;

import io.moereplay.model.hotness.LoadStatistics;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PopularityTransferTest {

    @Test
    void fewerExpertsTakeTheLoadOfWholeRankGroups() {
        // Lorenz curve of {0.4, 0.3, 0.2, 0.1} at 1/2 is 0.7.
        assertThat(PopularityTransfer.resample(new double[] {0.4, 0.3, 0.2, 0.1}, 2))
                .containsExactly(new double[] {0.7, 0.3}, within(1e-12));
        // At 1/3 and 2/3 it is 0.4 + 0.3/3 = 0.5333... and 0.4 + 0.3 + 0.2 * 2/3 = 0.8333...
        assertThat(PopularityTransfer.resample(new double[] {0.4, 0.3, 0.2, 0.1}, 3))
                .containsExactly(new double[] {0.4 + 0.1, 0.2 + 0.4 / 3, 1 - 0.7 - 0.4 / 3}, within(1e-12));
    }

    @Test
    void moreExpertsSplitEachRanksShareAlongTheCurve() {
        assertThat(PopularityTransfer.resample(new double[] {0.4, 0.3, 0.2, 0.1}, 8))
                .containsExactly(new double[] {0.2, 0.2, 0.15, 0.15, 0.1, 0.1, 0.05, 0.05}, within(1e-12));
    }

    @Test
    void theGiniCarriesAcrossExpertCountsThatDivideEachOther() {
        double[] zipf128 = new ZipfMandelbrotPopularity(1.1, 0).sharesByRank(128);
        double gini128 = LoadStatistics.gini(counts(zipf128));
        // Grouping 16 ranks per expert loses the spread inside each group, so 8 experts keep most
        // of the Gini but not all: the group Gini is the between-group part of the original.
        double gini8 = LoadStatistics.gini(counts(PopularityTransfer.resample(zipf128, 8)));
        double gini256 = LoadStatistics.gini(counts(PopularityTransfer.resample(zipf128, 256)));
        assertThat(gini256).isCloseTo(gini128, within(0.01));
        assertThat(gini8).isLessThan(gini128).isGreaterThan(0.7 * gini128);
    }

    @Test
    void layersCycleAndTheCalibratedShapeKeepsItsHotExperts() {
        long[][] counts = {{50, 30, 15, 5}, {1, 2, 3, 94}};
        RoutingCalibration calibration = RoutingCalibration.fit(counts, PopularityFamily.LOGNORMAL);

        List<LayerPopularity> same = PopularityTransfer.onto(calibration, 5, 4);
        assertThat(same).hasSize(5);
        assertThat(same.get(0)).isEqualTo(calibration.layers().get(0).popularity());
        assertThat(same.get(3)).isEqualTo(calibration.layers().get(1).popularity());
        assertThat(same.get(3).expertOfRank()[0]).isEqualTo(3);

        List<LayerPopularity> fewer = PopularityTransfer.onto(calibration, 3, 2);
        double[] fitted = calibration.layers().get(1).popularity().shares().sharesByRank(4);
        assertThat(fewer.get(1).shares().sharesByRank(2))
                .containsExactly(new double[] {fitted[0] + fitted[1], fitted[2] + fitted[3]}, within(1e-12));
        assertThat(fewer.get(1).expertOfRank()).isNull();
    }

    private static long[] counts(double[] shares) {
        long[] out = new long[shares.length];
        for (int i = 0; i < shares.length; i++) {
            out[i] = Math.round(shares[i] * 1e12);
        }
        return out;
    }
}
