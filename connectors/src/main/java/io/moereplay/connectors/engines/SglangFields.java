package io.moereplay.connectors.engines;

import io.moereplay.connectors.io.TraceFormatException;
import io.moereplay.connectors.io.torch.TensorRef;

import java.util.List;
import java.util.Map;

/**
 * The fields of an SGLang recorder dump's dicts, checked as they are taken, so that every
 * refusal names the file, the field's place in the dump (such as {@code records[3].rank}) and
 * what the format expects.
 */
final class SglangFields {

    private final String fileName;
    private final String expected;

    SglangFields(String fileName, String expected) {
        this.fileName = fileName;
        this.expected = expected;
    }

    /** The value as a dict with string keys. */
    @SuppressWarnings("unchecked")
    Map<String, Object> dict(Object value, String where) {
        if (!(value instanceof Map<?, ?> map) || !map.keySet().stream().allMatch(String.class::isInstance)) {
            throw refuse(where + " is not a dict of named fields");
        }
        return (Map<String, Object>) map;
    }

    /** A list field. */
    List<?> list(Map<String, Object> dict, String key, String where) {
        if (!(require(dict, key, where) instanceof List<?> list)) {
            throw refuse(path(where, key) + " is not a list");
        }
        return list;
    }

    /** An int field. */
    long integer(Map<String, Object> dict, String key, String where) {
        Object value = require(dict, key, where);
        if (!(value instanceof Integer || value instanceof Long)) {
            throw refuse(path(where, key) + " is not an integer");
        }
        return ((Number) value).longValue();
    }

    /** An integer tensor field of the given rank (its data not read yet). */
    TensorRef tensor(Map<String, Object> dict, String key, String where, int rank) {
        Object value = require(dict, key, where);
        String field = path(where, key);
        if (!(value instanceof TensorRef tensor)) {
            throw refuse(field + " is not a tensor");
        }
        if (!tensor.dtype().loadable()) {
            throw refuse(field + " is a " + tensor.dtype() + " tensor; int32 or int64 expected");
        }
        if (tensor.rank() != rank) {
            throw refuse(field + " has " + tensor.rank() + " dimensions " + tensor.shapeText() + " where "
                    + rank + " are expected");
        }
        return tensor;
    }

    /** A problem with the whole file, as the reader's exception. */
    TraceFormatException refuse(String problem) {
        return new TraceFormatException(fileName, problem + "; expected " + expected);
    }

    static String path(String where, String key) {
        return where.isEmpty() ? key : where + "." + key;
    }

    private Object require(Map<String, Object> dict, String key, String where) {
        if (!dict.containsKey(key)) {
            throw refuse(where.isEmpty() ? "the dump has no field " + key : where + " has no field " + key);
        }
        return dict.get(key);
    }
}
