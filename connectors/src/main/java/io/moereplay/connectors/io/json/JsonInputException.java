package io.moereplay.connectors.io.json;

/**
 * A JSON file a user wrote that cannot be used. The message is the whole story for the user: the
 * file, the line, the key's path ({@code $.placement.gpus}), what is wrong and the fix, e.g.
 * {@code nightly.json line 4: unknown key "redundant_slot" in $.placement; did you mean "redundant_slots"?}.
 */
public final class JsonInputException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    JsonInputException(String message) {
        super(message);
    }
}
