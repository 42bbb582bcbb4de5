package io.moereplay.model.trace;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Which layers and experts a routing trace may name: the bounds against which expert ids and
 * layers are range-checked, and the dense index each layer gets in per-layer arrays.
 *
 * <p>Layer ids are kept as the trace numbers them (Switch-base traces number their sparse layers
 * 1, 3, 5, ...), so output rows carry the model's real layer ids.
 */
public final class TraceShape implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int[] layerIds;
    private final int[] indexOfLayer;
    private final int experts;

    private TraceShape(int[] layerIds, int experts) {
        if (experts <= 0) {
            throw new IllegalArgumentException("experts per layer " + experts + " must be positive");
        }
        if (layerIds.length == 0) {
            throw new IllegalArgumentException("a trace shape needs at least one layer");
        }
        int max = -1;
        for (int i = 0; i < layerIds.length; i++) {
            if (layerIds[i] < 0) {
                throw new IllegalArgumentException("layer id " + layerIds[i] + " is negative");
            }
            if (i > 0 && layerIds[i] <= layerIds[i - 1]) {
                throw new IllegalArgumentException(
                        "layer ids must be strictly increasing: " + Arrays.toString(layerIds));
            }
            max = layerIds[i];
        }
        this.layerIds = layerIds.clone();
        this.experts = experts;
        this.indexOfLayer = new int[max + 1];
        Arrays.fill(indexOfLayer, -1);
        for (int i = 0; i < layerIds.length; i++) {
            indexOfLayer[layerIds[i]] = i;
        }
    }

    /** Layers {@code 0 .. layers-1}, each with {@code experts} experts. */
    public static TraceShape dense(int layers, int experts) {
        if (layers <= 0) {
            throw new IllegalArgumentException("layers " + layers + " must be positive");
        }
        int[] ids = new int[layers];
        Arrays.setAll(ids, i -> i);
        return new TraceShape(ids, experts);
    }

    /** The given strictly increasing layer ids, each with {@code experts} experts. */
    public static TraceShape ofLayers(int[] layerIds, int experts) {
        return new TraceShape(layerIds, experts);
    }

    public int experts() {
        return experts;
    }

    public int layerCount() {
        return layerIds.length;
    }

    /** The layer id at a dense index. */
    public int layerId(int index) {
        return layerIds[index];
    }

    /** The dense index of a layer id, or -1 when the trace may not name that layer. */
    public int indexOf(int layerId) {
        return layerId >= 0 && layerId < indexOfLayer.length ? indexOfLayer[layerId] : -1;
    }

    /** Why a layer id is out of range, or null when it is in range. */
    public String layerProblem(int layerId) {
        return indexOf(layerId) >= 0 ? null : "layer " + layerId + " is not one of " + describeLayers();
    }

    /** Why an expert id is out of range, or null when it is in [0, experts). */
    public String expertProblem(int expert) {
        return expert >= 0 && expert < experts
                ? null
                : "expert id " + expert + " is outside [0, " + experts + ")";
    }

    private String describeLayers() {
        boolean contiguous = layerIds[layerIds.length - 1] - layerIds[0] == layerIds.length - 1;
        return contiguous
                ? "[" + layerIds[0] + ", " + (layerIds[layerIds.length - 1] + 1) + ")"
                : Arrays.toString(layerIds);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TraceShape that
                && experts == that.experts
                && Arrays.equals(layerIds, that.layerIds);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(layerIds) + experts;
    }

    @Override
    public String toString() {
        return "TraceShape[layers=" + describeLayers() + ", experts=" + experts + "]";
    }
}
