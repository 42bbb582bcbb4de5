package io.moereplay.jobs.replay;

import io.moereplay.jobs.report.LayerLoads;

import java.util.Map;

/**
 * The replay's headline: the routed decisions and the hottest experts' share, e.g.
 * {@code 5,050,944 routed decisions (39,460 decode steps x 32 layers x top-2); hottest experts (share
 * of their layer's tokens): layer 7 expert 3 31.0%, ...}.
 */
public final class ReplayHeadline {

    private ReplayHeadline() {}

    /**
     * @param decisions routed decisions: decode tokens x top-k x layers
     * @param loads routed tokens per expert per layer id over the run
     */
    public static String text(long decisions, long decodeSteps, int layers, int topK, Map<Integer, long[]> loads) {
        String routed = String.format("%,d routed decisions (%,d decode steps through %d layers, top-%d)", decisions,
                decodeSteps, layers, topK);
        return loads.isEmpty() ? routed : routed + "; hottest experts (share of their layer's tokens): "
                + LayerLoads.sharesText(LayerLoads.hottest(loads, LayerLoads.SHOWN));
    }
}
