package io.moereplay.model.hotness;

import java.util.List;

/** The hotness of every expert of one layer in one window, and the layer's balance. */
public record LayerWindowStats(LayerBalance balance, List<ExpertHotness> experts) {

    public LayerWindowStats {
        experts = List.copyOf(experts);
    }
}
