package io.moereplay.model.hotness;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WindowSpecTest {

    @Test
    void parsesTimeTokenAndWholeTraceWindows() {
        assertThat(WindowSpec.parse("60s")).isEqualTo(new WindowSpec(WindowSpec.Kind.TIME, 60_000_000));
        assertThat(WindowSpec.parse("500ms")).isEqualTo(new WindowSpec(WindowSpec.Kind.TIME, 500_000));
        assertThat(WindowSpec.parse("5m")).isEqualTo(new WindowSpec(WindowSpec.Kind.TIME, 300_000_000));
        assertThat(WindowSpec.parse("1h")).isEqualTo(new WindowSpec(WindowSpec.Kind.TIME, 3_600_000_000L));
        assertThat(WindowSpec.parse("1000tok")).isEqualTo(new WindowSpec(WindowSpec.Kind.TOKENS, 1000));
        assertThat(WindowSpec.parse("all")).isEqualTo(WindowSpec.all());
        assertThat(WindowSpec.parse("1step")).isEqualTo(new WindowSpec(WindowSpec.Kind.STEPS, 1));
        assertThat(WindowSpec.parse("25steps")).isEqualTo(new WindowSpec(WindowSpec.Kind.STEPS, 25));
        assertThat(WindowSpec.parse("25steps").windowOf(1_000_000, 49)).isEqualTo(1);
        assertThat(WindowSpec.parse("25steps").windowOf(1_000_000, 50)).isEqualTo(2);
        assertThat(WindowSpec.parse("25steps")).hasToString("25steps");
    }

    @Test
    void assignsWindowsByArrivalOrTokenPosition() {
        WindowSpec minute = WindowSpec.parse("60s");
        assertThat(minute.windowOf(59_999_999, 0)).isZero();
        assertThat(minute.windowOf(60_000_000, 0)).isEqualTo(1);
        assertThat(minute.startMicros(3)).isEqualTo(180_000_000L);
        assertThat(minute.firstToken(3)).isNull();

        WindowSpec tokens = WindowSpec.parse("50tok");
        assertThat(tokens.windowOf(123, 49)).isZero();
        assertThat(tokens.windowOf(123, 50)).isEqualTo(1);
        assertThat(tokens.firstToken(4)).isEqualTo(200L);
    }

    @Test
    void rejectsMalformedLengths() {
        assertThatThrownBy(() -> WindowSpec.parse("60 parsecs"))
                .hasMessageContaining("window '60 parsecs' is not a length such as 60s");
        assertThatThrownBy(() -> WindowSpec.parse("0s"))
                .hasMessageContaining("window length 0 is not valid for TIME windows");
    }
}
