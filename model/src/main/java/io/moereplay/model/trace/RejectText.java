package io.moereplay.model.trace;

/**
 * Raw input as it may appear in a reject reason: shortened and escaped, so that a garbage line
 * neither floods the rejects table nor echoes control bytes to a terminal.
 *
 * <p>Escaped: ISO control characters and code points up to U+00FF as {@code \xNN}; others that do
 * not print (format characters, lone surrogates, unassigned or private-use code points, line and
 * paragraph separators, and U+FFFD, which a UTF-8 decoder puts where bytes were not UTF-8) as
 * {@code \}{@code uNNNN}. For example {@code value("a\u0000b")} is {@code a\x00b}, and a value of 10,000
 * characters is its first 200 followed by {@code ... (10000 characters)}.
 */
public final class RejectText {

    /** Characters of a raw value shown in a reason. */
    public static final int MAX_VALUE_CHARS = 200;

    /** Characters of a whole reason beyond which {@link Reject} shortens it (a net for unquoted values). */
    public static final int MAX_REASON_CHARS = 1000;

    private RejectText() {}

    /** A raw value for a reason: its first {@value #MAX_VALUE_CHARS} characters, escaped. */
    public static String value(Object raw) {
        return shorten(String.valueOf(raw), MAX_VALUE_CHARS);
    }

    /**
     * A whole reason or field: escaped, and past {@value #MAX_REASON_CHARS} characters cut to its
     * first 900. Applying it twice gives the same text, so a reject read back stays as written.
     */
    static String reason(String text) {
        return text.length() > MAX_REASON_CHARS ? shorten(text, MAX_REASON_CHARS - 100) : escape(text);
    }

    private static String shorten(String text, int keep) {
        if (text.length() <= keep) {
            return escape(text);
        }
        return escape(text.substring(0, keep)) + "... (" + text.length() + " characters)";
    }

    /** The text with every code point that does not print escaped; printable text is returned as is. */
    public static String escape(String text) {
        int i = 0;
        while (i < text.length() && prints(text.codePointAt(i))) {
            i += Character.charCount(text.codePointAt(i));
        }
        if (i == text.length()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, i);
        while (i < text.length()) {
            int c = text.codePointAt(i);
            if (prints(c)) {
                out.appendCodePoint(c);
            } else if (c <= 0xFF) {
                out.append(String.format("\\x%02X", c));
            } else {
                for (char unit : Character.toChars(c)) {
                    out.append(String.format("\\u%04X", (int) unit));
                }
            }
            i += Character.charCount(c);
        }
        return out.toString();
    }

    private static boolean prints(int c) {
        if (c < 0x7F) {
            return c >= 0x20;
        }
        if (Character.isISOControl(c) || c == 0xFFFD) {
            return false;
        }
        return switch (Character.getType(c)) {
            case Character.FORMAT, Character.SURROGATE, Character.UNASSIGNED, Character.PRIVATE_USE,
                    Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> false;
            default -> true;
        };
    }
}
