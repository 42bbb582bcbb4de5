package io.moereplay.model.trace;

/**
 * Tokens routed to one expert of one layer within one window or decode step.
 *
 * @param window window index or step number, at least 0
 * @param layer layer id as the trace numbers it, at least 0
 * @param expert expert id, at least 0
 * @param tokens tokens routed to the expert, at least 0
 */
public record ExpertLoad(long window, int layer, int expert, long tokens) {

    public ExpertLoad {
        if (window < 0) {
            throw new IllegalArgumentException("window " + window + " is negative");
        }
        if (layer < 0) {
            throw new IllegalArgumentException("layer " + layer + " is negative");
        }
        if (expert < 0) {
            throw new IllegalArgumentException("expert " + expert + " is negative");
        }
        if (tokens < 0) {
            throw new IllegalArgumentException("tokens " + tokens + " is negative");
        }
    }
}
