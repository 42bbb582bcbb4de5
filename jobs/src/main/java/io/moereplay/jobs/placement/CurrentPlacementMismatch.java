package io.moereplay.jobs.placement;

/**
 * The placement given as in force ({@code --current}) cannot be read for this run: another
 * GPU count, slot count or expert count, or no placement at all. A caller that carries a
 * placement forward on its own (the nightly job) falls back to a full placement on it.
 */
public final class CurrentPlacementMismatch extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    CurrentPlacementMismatch(IllegalArgumentException cause) {
        super(cause.getMessage(), cause);
    }
}
