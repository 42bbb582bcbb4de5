package io.moereplay.model.trace;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RejectTextTest {

    @Test
    void printableTextIsShownAsIs() {
        assertThat(RejectText.value("token_idx 'é😀 x'")).isEqualTo("token_idx 'é😀 x'");
    }

    @Test
    void controlBytesAndUndecodableBytesAreEscaped() {
        assertThat(RejectText.value("a\u0000b\tc\u001b[31m\u007f\u0085")).isEqualTo("a\\x00b\\x09c\\x1B[31m\\x7F\\x85");
        assertThat(RejectText.value("PK\uFFFD\u200B\uE000\uD800")).isEqualTo("PK\\uFFFD\\u200B\\uE000\\uD800");
    }

    @Test
    void aLongValueShowsItsFirst200CharactersAndItsLength() {
        String value = RejectText.value("x".repeat(10_000_000));

        assertThat(value).isEqualTo("x".repeat(200) + "... (10000000 characters)");
        assertThat(RejectText.value("y".repeat(200))).isEqualTo("y".repeat(200));
    }

    @Test
    void rejectsEscapeAndShortenWholeReasonsOnceOnly() {
        Reject reject = new Reject("f.jsonl", 3, "bad\u0001field", "line " + "z".repeat(5000) + "\u0000");

        assertThat(reject.field()).isEqualTo("bad\\x01field");
        assertThat(reject.reason()).hasSize(900 + "... (5006 characters)".length())
                .endsWith("... (5006 characters)");
        assertThat(new Reject(reject.sourceFile(), reject.row(), reject.field(), reject.reason())).isEqualTo(reject);
    }
}
