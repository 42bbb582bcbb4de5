package io.moereplay.connectors.placementfiles;

import io.moereplay.connectors.io.JsonSyntax;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moereplay.model.placement.LayerSlots;

import java.util.Arrays;
import java.util.SortedMap;
import java.util.stream.Collectors;

/** What the readers and writers share: parsing, id lists, and messages that name the file. */
final class PlacementJson {

    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private PlacementJson() {}

    static IllegalArgumentException refuse(String file, String reason) {
        return new IllegalArgumentException(file + ": " + reason);
    }

    /** The text as one JSON object. */
    static JsonNode object(String file, String text, String expected) {
        try {
            JsonNode root = JSON.readTree(text);
            if (root != null && root.isObject()) {
                return root;
            }
        } catch (JsonProcessingException e) {
            throw refuse(file, "is not JSON at " + JsonSyntax.at(e) + "; expected " + expected);
        }
        throw refuse(file, "is not a JSON object; expected " + expected);
    }

    /** A required field. */
    static JsonNode field(String file, JsonNode object, String field, String where) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            throw refuse(file, where + "has no \"" + field + "\"");
        }
        return value;
    }

    /** A required non-negative integer field. */
    static int count(String file, JsonNode object, String field, String where) {
        JsonNode value = field(file, object, field, where);
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 0) {
            throw refuse(file, where + "\"" + field + "\" is " + value + ", not a count (an integer, 0 or more)");
        }
        return value.intValue();
    }

    /** A list of integer expert ids; ranges are checked with the layer. */
    static int[] ids(String file, JsonNode list, String where) {
        if (list == null || !list.isArray()) {
            throw refuse(file, where + "is " + list + ", not a list of expert ids");
        }
        int[] ids = new int[list.size()];
        for (int i = 0; i < ids.length; i++) {
            JsonNode id = list.get(i);
            if (!id.isIntegralNumber() || !id.canConvertToInt()) {
                throw refuse(file, where + "entry " + i + " is " + id + ", not an expert id");
            }
            ids[i] = id.intValue();
        }
        return ids;
    }

    /** One layer's slots from a list of ids. */
    static LayerSlots slots(String file, int layer, JsonNode list) {
        int[] ids = ids(file, list, "layer " + layer + ": ");
        if (ids.length == 0) {
            throw refuse(file, "layer " + layer + " has no slots");
        }
        return new LayerSlots(layer, ids);
    }

    /** A layer key: a decimal layer index (JSON object keys are strings). */
    static int layerKey(String file, String key, String where) {
        try {
            int layer = Integer.parseInt(key);
            if (layer >= 0) {
                return layer;
            }
        } catch (NumberFormatException e) {
            // named below
        }
        throw refuse(file, where + "key '" + key + "' is not a layer index (0 or more)");
    }

    /** The layers as a checked placement, its first violation named with the file. */
    static EnginePlacement placement(String file, int experts, int gpus, SortedMap<Integer, LayerSlots> layers) {
        try {
            return new EnginePlacement(experts, gpus, layers);
        } catch (IllegalArgumentException e) {
            throw refuse(file, e.getMessage());
        }
    }

    /** {@code [1, 2, 3]}, as Python's json and yaml flow style write a list. */
    static String list(int[] ids) {
        return Arrays.stream(ids).mapToObj(Integer::toString).collect(Collectors.joining(", ", "[", "]"));
    }
}
