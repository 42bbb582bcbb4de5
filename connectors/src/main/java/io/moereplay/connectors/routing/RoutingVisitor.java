package io.moereplay.connectors.routing;

import io.moereplay.model.trace.Phase;
import io.moereplay.model.trace.Reject;

/**
 * Receives a routing trace row by row, as readers parse it, without a record allocated per row:
 * nightly traces hold billions of decisions.
 *
 * <p>Every row read reaches the visitor exactly once, as a decision, a load or a reject, so that
 * rows read = rows used + rows rejected can be checked.
 */
public interface RoutingVisitor {

    /**
     * One token's choice at one layer.
     *
     * @param row the row's 1-based number in its file (see {@link Reject#row()})
     * @param experts the chosen expert ids in {@code experts[0..k)}; valid only during the call
     * @param gateWeights the gate weights in {@code gateWeights[0..gates)}; {@code gates} is 0 when
     *     the trace has none; valid only during the call
     */
    void decision(
            long row,
            long requestId,
            int tokenIndex,
            Phase phase,
            int layer,
            int[] experts,
            int k,
            float[] gateWeights,
            int gates);

    /** {@code startMicros} of a load that is not placed in time (a whole-trace count). */
    long UNTIMED = -1;

    /**
     * A counted load, from traces that record per-expert token counts rather than tokens.
     *
     * @param startMicros when the counted interval starts (a replay window's start), or
     *     {@link #UNTIMED}
     */
    void load(long row, long startMicros, int layer, int expert, long tokens);

    /**
     * Marks where a serving engine's forward pass (SGLang's forward pass, TensorRT-LLM's
     * iteration, vLLM's and Megatron's step) begins: the rows that follow, until the next mark,
     * were counted in that pass. Only formats recorded by an engine's per-pass counters call it, so
     * that windows can be taken by pass ({@code --window 1000pass}); passes need not come in order.
     */
    default void pass(long pass) {}

    /**
     * False when the visitor never reads gate weights (it counts experts): a reader may then skip
     * decoding them where the file proves them valid (finite, non-negative), passing zeros of the
     * right count in their place, so a row is rejected exactly when it would be otherwise.
     */
    default boolean needsGateWeights() {
        return true;
    }

    /** A row that could not be used. */
    void reject(Reject reject);
}
