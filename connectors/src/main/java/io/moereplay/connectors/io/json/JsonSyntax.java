package io.moereplay.connectors.io.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;

import java.util.Deque;

/** A syntax error's message: the file, line and column, what the parser expected, and the usual fix. */
final class JsonSyntax {

    /** An object or list not yet closed, and where it opened. */
    record Open(String what, JsonLocation at) {}

    private JsonSyntax() {}

    static String where(String name, JsonLocation at) {
        return name + " line " + at.getLineNr() + ", column " + at.getColumnNr() + ": not valid JSON: ";
    }

    /**
     * @param open the objects and lists open when the parser stopped, innermost first: a file that
     *     ends early names the one left open
     */
    static String message(String name, String text, JsonProcessingException e, Deque<Open> open) {
        JsonLocation at = e.getLocation();
        String where = where(name, at);
        if (e instanceof JsonEOFException) {
            return where + (open.isEmpty() ? "the file ends inside a value"
                    : "the file ends before the " + open.peek().what() + " opened on line "
                            + open.peek().at().getLineNr() + ", column " + open.peek().at().getColumnNr()
                            + " is closed") + "; is the file cut short?";
        }
        int offset = (int) at.getCharOffset();
        if (offset >= 0 && offset < text.length() && "]}".indexOf(text.charAt(offset)) >= 0
                && previousNonBlank(text, offset) == ',') {
            return where + "a comma before '" + text.charAt(offset) + "': JSON allows none after the last "
                    + (text.charAt(offset) == ']' ? "element of a list" : "key of an object") + "; remove it";
        }
        // Jackson's own words say what it expected; its "(code 39)" character codes only add noise.
        String parser = e.getOriginalMessage().replaceAll(" \\(code \\d+\\)", "").replaceAll("\\(('.*?')\\)", "$1");
        String hint = parser.contains("'''") ? "; JSON takes double quotes (\"), not single ones"
                : parser.startsWith("Unrecognized token") ? "; a string takes double quotes (\"...\")" : "";
        return where + Character.toLowerCase(parser.charAt(0)) + parser.substring(1) + hint;
    }

    private static char previousNonBlank(String text, int offset) {
        for (int i = offset - 1; i >= 0; i--) {
            if (!Character.isWhitespace(text.charAt(i))) {
                return text.charAt(i);
            }
        }
        return 0;
    }
}
