package io.moereplay.connectors.catalog;

/** A catalog file that cannot be used; the message names the file and, where known, the field. */
public class CatalogException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public CatalogException(String file, String problem) {
        super(file + ": " + problem);
    }

    public CatalogException(String file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
