package io.moereplay.connectors.placementfiles;

/** Reads an engine's placement file back, keyed as the engine keys its layers. */
interface PlacementFileReader {

    /**
     * @param file the file's name, for messages
     * @param text its whole text
     * @param experts logical experts per layer the placement must cover
     * @param gpus GPUs the slots are spread over
     * @throws IllegalArgumentException naming the file, and the layer and slot, when it is not
     *     this format or the engine would not load it for these experts and GPUs
     */
    EnginePlacement read(String file, String text, int experts, int gpus);
}
