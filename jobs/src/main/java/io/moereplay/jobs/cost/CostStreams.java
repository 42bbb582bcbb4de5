package io.moereplay.jobs.cost;

import org.apache.flink.streaming.api.datastream.DataStream;

/** The cost pipeline's outputs, before any sink is attached. */
public record CostStreams(DataStream<DeploymentCostRow> costs, DataStream<RequestLatencyRow> latencies,
        DataStream<ParetoRow> pareto) {}
