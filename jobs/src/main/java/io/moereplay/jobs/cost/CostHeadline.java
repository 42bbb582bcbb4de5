package io.moereplay.jobs.cost;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.accumulators.ListAccumulator;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.streaming.api.datastream.DataStream;

import java.io.Serializable;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The cost run's headline: the recommended candidate, its dollars per million tokens and its TBT
 * p99 against the SLO, or that none meets the SLO, with the cheapest candidate's figures. Read from
 * the {@code pareto} rows, which hold the recommendation and, first on the frontier, the cheapest.
 */
public final class CostHeadline {

    static final String ROWS = "moe-replay pareto rows";

    private CostHeadline() {}

    /** A pareto row's figures the headline quotes. */
    public record Figures(String candidate, double usdPerMillionTokens, double tbtP99Micros, double sloAttainment,
            boolean recommended) implements Serializable {}

    /** The pareto rows, passed on unchanged and noted for {@link #text(JobExecutionResult, double)}. */
    public static DataStream<ParetoRow> watch(DataStream<ParetoRow> pareto) {
        return pareto.map(new Note()).returns(ParetoRow.class).name("note the recommendation").setParallelism(1);
    }

    public static String text(JobExecutionResult result, double tbtSloMs) {
        List<Figures> rows = result.getAccumulatorResult(ROWS);
        return text(rows == null ? List.of() : rows, tbtSloMs);
    }

    static String text(List<Figures> rows, double tbtSloMs) {
        Optional<Figures> recommended = rows.stream().filter(Figures::recommended).findFirst();
        if (recommended.isPresent()) {
            return "recommended " + figures(recommended.get(), tbtSloMs);
        }
        return rows.stream().min(Comparator.comparingDouble(Figures::usdPerMillionTokens))
                .map(cheapest -> "no candidate meets the SLO; the cheapest, " + figures(cheapest, tbtSloMs))
                .orElse("no candidate was replayed: the pre-filter dropped every one (table deployment_cost says why)");
    }

    private static String figures(Figures row, double tbtSloMs) {
        double p99Ms = row.tbtP99Micros() / 1000;
        return String.format("%s: $%.3f per million tokens, TBT p99 %.1f ms %s the %s ms SLO, %.1f%% of requests"
                + " within both latency targets", row.candidate(), row.usdPerMillionTokens(), p99Ms,
                p99Ms <= tbtSloMs ? "within" : "over", new java.math.BigDecimal(tbtSloMs).stripTrailingZeros().toPlainString(),
                100 * row.sloAttainment());
    }

    private static final class Note extends RichMapFunction<ParetoRow, ParetoRow> {
        private static final long serialVersionUID = 1L;
        private transient ListAccumulator<Figures> rows;

        @Override
        public void open(OpenContext context) {
            rows = new ListAccumulator<>();
            getRuntimeContext().addAccumulator(ROWS, rows);
        }

        @Override
        public ParetoRow map(ParetoRow row) {
            rows.add(new Figures(row.candidate(), row.usdPerMillionTokens(), row.tbtP99Micros(), row.sloAttainment(),
                    row.recommended()));
            return row;
        }
    }
}
