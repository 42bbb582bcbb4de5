package io.moereplay.jobs.placement;

import io.moereplay.model.placement.IntervalCost;
import org.apache.flink.api.common.accumulators.ListAccumulator;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapPartitionFunction;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every (policy, interval)'s cost summed over the layers, to the recommendation table: the least
 * total time is recommended; the client reads it from the {@value #RECOMMENDED} accumulator for
 * the run summary.
 */
final class RecommendationFunction extends RichMapPartitionFunction<IntervalCostRow, RecommendationRow> {

    private static final long serialVersionUID = 1L;

    static final String RECOMMENDED = "recommended-placement";
    /** Every row, for the run's headline. */
    static final String CHOICES = "placement-choices";

    private final List<String> policyOrder;
    private transient ListAccumulator<String> recommended;
    private transient ListAccumulator<PlacementChoice> choices;

    RecommendationFunction(List<String> policyOrder) {
        this.policyOrder = List.copyOf(policyOrder);
    }

    @Override
    public void open(OpenContext context) {
        recommended = new ListAccumulator<>();
        getRuntimeContext().addAccumulator(RECOMMENDED, recommended);
        choices = new ListAccumulator<>();
        getRuntimeContext().addAccumulator(CHOICES, choices);
    }

    @Override
    public void mapPartition(Iterable<IntervalCostRow> layerCosts, Collector<RecommendationRow> out) {
        // Summed in layer order, so the totals (and a near tie) come out the same on every run.
        Map<String, List<IntervalCostRow>> byKey = new TreeMap<>();
        for (IntervalCostRow row : layerCosts) {
            byKey.computeIfAbsent(row.cost().policy() + "#" + row.cost().interval(), key -> new ArrayList<>()).add(row);
        }
        List<RecommendationRow> totals = new ArrayList<>();
        for (List<IntervalCostRow> rows : byKey.values()) {
            rows.sort(Comparator.comparingInt(IntervalCostRow::layer));
            IntervalCost sum = rows.get(0).cost();
            for (IntervalCostRow row : rows.subList(1, rows.size())) {
                sum = sum.plus(row.cost());
            }
            totals.add(new RecommendationRow(sum, rows.size(), null, false));
        }
        totals.sort(Comparator.comparingInt((RecommendationRow row) -> policyOrder.indexOf(row.cost().policy()))
                .thenComparingInt(row -> row.cost().interval()));
        RecommendationRow best = null;
        Double none = null;
        for (RecommendationRow row : totals) {
            if (row.cost().policy().equals("none") && none == null) {
                none = row.totalSeconds();
            }
            if (best == null || row.totalSeconds() < best.totalSeconds()
                    || (row.totalSeconds() == best.totalSeconds() && row.cost().expertsMoved() < best.cost().expertsMoved())) {
                best = row;
            }
        }
        for (RecommendationRow row : totals) {
            Double saving = none == null ? null : 1 - row.totalSeconds() / none;
            RecommendationRow result = new RecommendationRow(row.cost(), row.layers(), saving, row == best);
            out.collect(result);
            choices.add(PlacementChoice.of(result));
        }
        if (best != null) {
            recommended.add(best.cost().policy() + " every " + best.cost().interval() + " window(s)");
        }
    }
}
