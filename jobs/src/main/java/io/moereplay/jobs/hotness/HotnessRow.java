package io.moereplay.jobs.hotness;

import io.moereplay.model.hotness.ExpertHotness;
import io.moereplay.model.hotness.LayerBalance;

/** An expert_hotness row or a layer_balance row: exactly one is set. */
public record HotnessRow(ExpertHotness expert, LayerBalance balance) {

    public static HotnessRow of(ExpertHotness expert) {
        return new HotnessRow(expert, null);
    }

    public static HotnessRow of(LayerBalance balance) {
        return new HotnessRow(null, balance);
    }
}
