package io.moereplay.model.synthetic;

/** The independent random streams of a synthetic trace; see {@link SplitMix64#stream}. */
final class Streams {

    /** Per layer: the permutation that decides which experts are hot. */
    static final long LAYER_PERMUTATION = 1;
    /** Per request: inter-arrival gap, prompt and generated token counts. */
    static final long REQUEST = 2;
    /** Per request: every routing choice of its tokens. */
    static final long ROUTING = 3;
    /** Per request: the gate weights of its tokens, apart so that leaving them out keeps the choices. */
    static final long GATES = 4;

    private Streams() {}
}
