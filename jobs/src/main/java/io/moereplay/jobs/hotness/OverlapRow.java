package io.moereplay.jobs.hotness;

/**
 * A row under a contested key (one another file of the input may also hold), sent by its reader
 * to the keyed cross-file check ({@link CrossFileDuplicateFunction}) instead of being counted there.
 *
 * @param group the request id of a decision, or the window start (micros, or UNTIMED) of a count
 * @param token a decision's token index; 0 for a count
 * @param layer the layer id, as the trace numbers it
 * @param experts a decision's chosen experts, or a count's one expert
 * @param tokens a count's tokens; 0 for a decision
 * @param window the window index the reader placed the row in
 * @param file the file's index in the input
 * @param row the 1-based row in that file
 */
public record OverlapRow(long group, int token, int layer, int[] experts, long tokens, long window, int file,
        long row) {}
