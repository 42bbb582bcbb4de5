package io.moereplay.connectors.io;

import com.fasterxml.jackson.core.JacksonException;

import java.util.Locale;

/**
 * A JSON parser's complaint in a user's words: Jackson's messages carry character codes
 * ({@code (code 125)}), its source object ({@code [Source: ...]}) and its own grammar terms.
 */
public final class JsonSyntax {

    private JsonSyntax() {}

    /** {@code line 3, column 14: unexpected '}'; expected a field name in double quotes}. */
    public static String at(JacksonException e) {
        return "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ": " + what(e);
    }

    /** {@code column 14: ...}, for a document of one line (a JSONL line; the caller names the line). */
    public static String atColumn(JacksonException e) {
        return "column " + e.getLocation().getColumnNr() + ": " + what(e);
    }

    /** What is wrong, without where: "unexpected '}' where a field name in double quotes should be". */
    public static String what(JacksonException e) {
        String message = String.valueOf(e.getOriginalMessage());
        if (message.startsWith("Unexpected end-of-input")) {
            return "the JSON ends before an object or array is closed";
        }
        String clean = message
                .replaceAll("\\s*\\(start marker at \\[Source:[^]]*\\][^)]*\\)", "")
                .replaceAll("\\[Source:[^]]*\\]", "")
                .replaceAll("\\s*\\(code \\d+\\)", "")
                .replaceAll("^Unexpected character \\((.*)\\):", "unexpected $1:")
                .strip();
        int split = clean.indexOf(": was expecting ");
        if (split < 0) {
            return clean.isEmpty() ? "not JSON" : clean.substring(0, 1).toLowerCase(Locale.ROOT) + clean.substring(1);
        }
        String wanted = clean.substring(split + ": was expecting ".length())
                .replace("double-quote to start field name", "a field name in double quotes")
                .replace("comma to separate", "a comma between")
                .replaceAll("^\\(JSON String, Number, Array, Object or token 'null', 'true' or 'false'\\)$", "a JSON value");
        String found = clean.substring(0, split);
        return found.substring(0, 1).toLowerCase(Locale.ROOT) + found.substring(1) + " where " + wanted + " should be";
    }
}
