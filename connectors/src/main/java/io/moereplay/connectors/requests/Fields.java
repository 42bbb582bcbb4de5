package io.moereplay.connectors.requests;

import io.moereplay.model.trace.RejectText;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Parses the numeric text fields of request traces, each failure a {@link BadField} naming the
 * value. Integers must be written as integers: "12.5" and "12.0" are both rejected, so a token
 * count is never silently rounded.
 */
final class Fields {

    private Fields() {}

    /** A token count: a non-negative integer that fits an {@code int}. */
    static int tokens(String field, String text) throws BadField {
        long value = nonNegativeLong(field, text);
        if (value > Integer.MAX_VALUE) {
            throw new BadField(field, "token count " + value + " exceeds " + Integer.MAX_VALUE);
        }
        return (int) value;
    }

    /** A non-negative integer that fits a {@code long} (ids, counts). */
    static long nonNegativeLong(String field, String text) throws BadField {
        String value = present(field, text);
        if (!isInteger(value)) {
            throw new BadField(field, quote(value) + " is not an integer");
        }
        if (value.startsWith("-") && !onlyDigit(value, 1, '0')) {
            throw new BadField(field, value + " is negative");
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new BadField(field, value + " is too large");
        }
    }

    /**
     * Seconds as decimal text (such as "12.0000345" or "1e-3") to whole microseconds, rounding
     * half up. Decimal rather than double arithmetic, so that 0.1234565 s is 123457 us exactly.
     */
    static long secondsToMicros(String field, String text) throws BadField {
        String value = present(field, text);
        BigDecimal seconds;
        try {
            seconds = new BigDecimal(value);
        } catch (NumberFormatException e) {
            throw new BadField(field, quote(value) + " is not a number of seconds");
        }
        if (seconds.signum() < 0) {
            throw new BadField(field, "arrival time " + value + " s is negative");
        }
        try {
            return seconds.movePointRight(6).setScale(0, RoundingMode.HALF_UP).longValueExact();
        } catch (ArithmeticException e) {
            throw new BadField(field, "arrival time " + value + " s is too large");
        }
    }

    /** The trimmed text, or a "missing" rejection when it is absent or blank. */
    static String present(String field, String text) throws BadField {
        if (text == null || text.isBlank()) {
            throw new BadField(field, "value is missing");
        }
        return text.trim();
    }

    /** The text in quotes, shortened and escaped so that a garbage line does not flood the reject table. */
    static String quote(String text) {
        return "'" + RejectText.value(text) + "'";
    }

    /**
     * {@code [+-]?[0-9]+}, checked by hand: a regular expression (String.matches compiles one per call)
     * was a third of reading a million-request trace.
     */
    private static boolean isInteger(String value) {
        int from = value.startsWith("+") || value.startsWith("-") ? 1 : 0;
        return value.length() > from && onlyDigit(value, from, '0', '9');
    }

    private static boolean onlyDigit(String value, int from, char digit) {
        return value.length() > from && onlyDigit(value, from, digit, digit);
    }

    private static boolean onlyDigit(String value, int from, char low, char high) {
        for (int i = from; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < low || c > high) {
                return false;
            }
        }
        return true;
    }
}
