package io.moereplay.jobs.cost;

import io.moereplay.model.cost.RequestLatency;

/** One request's latencies under one candidate. */
public record RequestLatencyRow(String candidate, RequestLatency latency) {}
