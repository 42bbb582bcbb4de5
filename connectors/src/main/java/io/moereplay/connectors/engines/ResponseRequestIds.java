package io.moereplay.connectors.engines;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a file's responses get moe-replay's numeric request ids, so that they join a request trace
 * (whose readers number requests 0, 1, 2, ... by row). Decided by the file's first response and
 * kept for the whole file, so that two ways of numbering never mix:
 * <ol>
 *   <li>{@link #REQUEST_ID_FIELD}: the line's own integer {@code request_id}, which the user adds
 *       (say, the request's row in their trace);
 *   <li>{@link #ID_NUMBER}: the response id's last {@code -}-separated part when it is a decimal
 *       number, as when the caller sets vLLM's {@code request_id} to {@code "17"} and the answer is
 *       {@code "chatcmpl-17"} (engine-made uuids are not numbers);
 *   <li>{@link #LINE_INDEX}: the 0-based line index, as the Mooncake reader numbers its requests,
 *       for responses collected in the request trace's order.
 * </ol>
 */
enum ResponseRequestIds {
    REQUEST_ID_FIELD("the line's request_id"),
    ID_NUMBER("the number that ends the response id"),
    LINE_INDEX("the 0-based line index");

    private static final Pattern NUMBERED = Pattern.compile("(?:.*-)?(\\d{1,18})");

    final String description;

    ResponseRequestIds(String description) {
        this.description = description;
    }

    /** The rule a file's first response calls for. */
    static ResponseRequestIds of(RoutedResponse first) {
        if (first.requestId() != null) {
            return REQUEST_ID_FIELD;
        }
        return first.id() != null && NUMBERED.matcher(first.id()).matches() ? ID_NUMBER : LINE_INDEX;
    }

    /**
     * The request id of the response on 1-based line {@code line}.
     *
     * @throws BadRecord when the response does not carry what the file's first one did
     */
    long requestId(RoutedResponse response, long line) throws BadRecord {
        switch (this) {
            case REQUEST_ID_FIELD -> {
                if (response.requestId() == null) {
                    throw new BadRecord("request_id", "no request_id, though the file's first response"
                            + " has one: request ids come from " + description + " throughout the file");
                }
                return response.requestId();
            }
            case ID_NUMBER -> {
                Matcher number = response.id() == null ? null : NUMBERED.matcher(response.id());
                if (number == null || !number.matches()) {
                    throw new BadRecord("id", "response id " + response.id() + " does not end in a number,"
                            + " though the file's first one does: request ids come from " + description
                            + " throughout the file");
                }
                return Long.parseLong(number.group(1));
            }
            default -> {
                return line - 1;
            }
        }
    }
}
