package io.moereplay.connectors.requests;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Integer fields as the pattern {@code [+-]?[0-9]+} defines them, negative values other than zero refused. */
class FieldsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"+5, 5", "-0, 0", "-000, 0", "007, 7", "9223372036854775807, 9223372036854775807"})
    void integersAreRead(String text, long value) throws Exception {
        assertThat(Fields.nonNegativeLong("f", text)).isEqualTo(value);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"- | is not an integer", "+ | is not an integer", "1e3 | is not an integer",
        "\u0663 | is not an integer", "-01 | is negative", "-5 | is negative", "9223372036854775808 | is too large"})
    void otherTextIsRefusedSayingWhy(String text, String reason) {
        assertThatThrownBy(() -> Fields.nonNegativeLong("f", text)).hasMessageContaining(reason);
    }
}
