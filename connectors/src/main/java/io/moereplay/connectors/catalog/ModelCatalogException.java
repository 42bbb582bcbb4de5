package io.moereplay.connectors.catalog;

/** A model catalog file that cannot be used; the message names the file and, where known, the field. */
public class ModelCatalogException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public ModelCatalogException(String file, String problem) {
        super(file + ": " + problem);
    }

    public ModelCatalogException(String file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
