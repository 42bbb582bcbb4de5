package io.moereplay.jobs.placement;

import io.moereplay.model.trace.Reject;
import org.apache.flink.streaming.api.datastream.DataStream;

/** The placement pipeline's outputs, before any sink is attached. */
public record PlacementStreams(
        DataStream<PlacementSlotRow> placement,
        DataStream<PlacementSummaryRow> summary,
        DataStream<BacktestRow> backtest,
        DataStream<RecommendationRow> recommendation,
        DataStream<Reject> rejects) {}
