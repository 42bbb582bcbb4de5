package io.moereplay.jobs.cost;

import org.apache.flink.api.common.accumulators.ListAccumulator;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapPartitionFunction;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * All candidates' rows to the Pareto frontier of cost per token against TBT p99, and the
 * recommendation: the cheapest candidate whose SLO attainment reaches the target (ties: the lower
 * p99, then the label). The client reads the recommendation from the {@value #RECOMMENDED}
 * accumulator and the replayed candidates, cheapest first, from {@value #RANKING}.
 */
final class ParetoFunction extends RichMapPartitionFunction<DeploymentCostRow, ParetoRow> {

    private static final long serialVersionUID = 1L;

    static final String RECOMMENDED = "recommended-deployment";
    static final String RANKING = "cost-ranking";

    private final double sloTarget;
    private transient ListAccumulator<String> recommended;
    private transient ListAccumulator<String> ranking;

    ParetoFunction(double sloTarget) {
        this.sloTarget = sloTarget;
    }

    @Override
    public void open(OpenContext context) {
        recommended = new ListAccumulator<>();
        getRuntimeContext().addAccumulator(RECOMMENDED, recommended);
        ranking = new ListAccumulator<>();
        getRuntimeContext().addAccumulator(RANKING, ranking);
    }

    @Override
    public void mapPartition(Iterable<DeploymentCostRow> rows, Collector<ParetoRow> out) {
        List<DeploymentCostRow> replayed = new ArrayList<>();
        for (DeploymentCostRow row : rows) {
            if (row.replayed() && row.usdPerMillionTokens() != null) {
                replayed.add(row);
            }
        }
        Comparator<DeploymentCostRow> cheapest = Comparator.comparingDouble(DeploymentCostRow::usdPerMillionTokens)
                .thenComparingDouble(row -> row.result().tbtP99Micros())
                .thenComparing(row -> row.candidate().label());
        replayed.sort(cheapest);
        DeploymentCostRow best = replayed.stream().filter(row -> row.result().sloAttainment() >= sloTarget)
                .findFirst().orElse(null);
        double fastest = Double.POSITIVE_INFINITY;
        for (DeploymentCostRow row : replayed) {
            boolean frontier = row.result().tbtP99Micros() < fastest;
            fastest = Math.min(fastest, row.result().tbtP99Micros());
            if (frontier || row == best) {
                out.collect(new ParetoRow(row.candidate().label(), row.usdPerMillionTokens(), row.result().tbtP99Micros(),
                        row.result().sloAttainment(), frontier, row == best));
            }
        }
        replayed.forEach(row -> ranking.add(row.candidate().label()));
        recommended.add(best == null ? "none: no candidate reaches the SLO attainment target " + sloTarget
                : best.candidate().label());
    }
}
