package io.moereplay.connectors.engines;

/**
 * The expert ids an engine returned for a run of consecutive sequence positions: a
 * {@code [rows][layers][topK]} array held flat, row-major, as both engines lay it out.
 *
 * @param ids {@code ids[(row * layers + layer) * topK + j]}; -1 where the engine routed nothing
 */
record ExpertIdBlock(int[] ids, int rows, int layers, int topK) {

    ExpertIdBlock {
        if (rows < 0 || layers < 0 || topK < 0 || (long) rows * layers * topK > ids.length) {
            throw new IllegalArgumentException("a block of " + rows + " x " + layers + " x " + topK
                    + " ids needs that many, not " + ids.length);
        }
    }

    /** The offset of {@code (row, layer)}'s first id in {@link #ids}. */
    int offset(int row, int layer) {
        return (row * layers + layer) * topK;
    }
}
