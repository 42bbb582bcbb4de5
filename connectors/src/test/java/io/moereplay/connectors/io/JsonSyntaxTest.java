package io.moereplay.connectors.io;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class JsonSyntaxTest {

    private static JacksonException parse(String json) {
        return catchThrowableOfType(JacksonException.class, () -> new ObjectMapper().readTree(json));
    }

    @Test
    void aTrailingCommaIsPlacedAndSaidInWords() {
        // '}' is the 41st character of line 2.
        JacksonException e = parse("{\"layers\": [1],\n \"expert_usage_by_layer\": {\"1\": {\"0\": 1,}}}");
        assertThat(JsonSyntax.at(e)).isEqualTo("line 2, column 41: unexpected '}' where a field name in double quotes should be");
    }

    @Test
    void aCutDocumentSaysItEndsEarlyWithoutTheParsersSourceObject() {
        assertThat(JsonSyntax.what(parse("{\"a\": [1, 2"))).isEqualTo("the JSON ends before an object or array is closed");
    }

    @Test
    void aBareWordIsAnUnrecognizedToken() {
        assertThat(JsonSyntax.atColumn(parse("{\"a\": yes}")))
                .isEqualTo("column 7: unrecognized token 'yes' where a JSON value should be")
                .doesNotContain("code", "Source", "JSON String, Number");
    }
}
