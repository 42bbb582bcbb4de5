package io.moereplay.jobs.hotness;

import io.moereplay.model.hotness.ExpertHotness;
import io.moereplay.model.hotness.LayerBalance;
import io.moereplay.model.trace.Reject;
import org.apache.flink.streaming.api.datastream.DataStream;

/** The hotness pipeline's outputs, before any sink is attached. */
public record HotnessStreams(
        DataStream<ExpertHotness> expertHotness,
        DataStream<LayerBalance> layerBalance,
        DataStream<Reject> rejects) {}
