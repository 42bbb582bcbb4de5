package io.moereplay.connectors.placementfiles;

/** Writes an engine's placement file; the placement arrives checked and in the engine's layer keys. */
interface PlacementFileWriter {

    /**
     * @return the file's whole text
     * @throws IllegalArgumentException when the engine cannot express the placement (say, layer keys it does not number)
     */
    String text(EnginePlacement placement);
}
