package io.moereplay.jobs.cost;

import io.moereplay.model.cost.ServingSlo;
import org.apache.flink.api.common.accumulators.ListAccumulator;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapPartitionFunction;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.List;

/**
 * All candidates' rows to the Pareto frontier of cost per token against the TBT at the SLO's
 * percentile, and the {@link Recommendation}. The client reads the recommended label from the
 * {@value #RECOMMENDED} accumulator, the recommendation in words from {@value #SENTENCE} and the
 * replayed candidates, cheapest first, from {@value #RANKING}.
 */
final class ParetoFunction extends RichMapPartitionFunction<DeploymentCostRow, ParetoRow> {

    private static final long serialVersionUID = 1L;

    static final String RECOMMENDED = "recommended-deployment";
    static final String SENTENCE = "recommendation-sentence";
    static final String RANKING = "cost-ranking";

    private final ServingSlo slo;
    private transient ListAccumulator<String> recommended;
    private transient ListAccumulator<String> sentence;
    private transient ListAccumulator<String> ranking;

    ParetoFunction(ServingSlo slo) {
        this.slo = slo;
    }

    @Override
    public void open(OpenContext context) {
        recommended = new ListAccumulator<>();
        getRuntimeContext().addAccumulator(RECOMMENDED, recommended);
        sentence = new ListAccumulator<>();
        getRuntimeContext().addAccumulator(SENTENCE, sentence);
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
        replayed.sort(Recommendation.CHEAPEST);
        Recommendation choice = Recommendation.among(replayed, slo);
        double fastest = Double.POSITIVE_INFINITY;
        for (DeploymentCostRow row : replayed) {
            double tbt = row.result().slo().tbtAtPercentileMicros();
            boolean frontier = tbt < fastest;
            fastest = Math.min(fastest, tbt);
            if (frontier || row == choice.best()) {
                out.collect(new ParetoRow(row.candidate().label(), row.usdPerMillionTokens(), row.result().slo(), frontier,
                        row == choice.best()));
            }
        }
        replayed.forEach(row -> ranking.add(row.candidate().label()));
        recommended.add(choice.label());
        sentence.add(choice.sentence());
    }
}
