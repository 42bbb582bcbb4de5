package io.moereplay.model.synthetic;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenDistributionTest {

    @Test
    void parsesEveryForm() {
        assertThat(TokenDistribution.parse("128")).isEqualTo(new TokenDistribution.Fixed(128));
        assertThat(TokenDistribution.parse("fixed:64")).isEqualTo(new TokenDistribution.Fixed(64));
        assertThat(TokenDistribution.parse("lognormal:1000")).isEqualTo(new TokenDistribution.LogNormal(1000, 1.0));
        assertThat(TokenDistribution.parse("LogNormal:1000:0.5")).isEqualTo(new TokenDistribution.LogNormal(1000, 0.5));
        assertThat(TokenDistribution.parse("uniform:2:9")).isEqualTo(new TokenDistribution.Uniform(2, 9));
        assertThat(TokenDistribution.parse(new TokenDistribution.LogNormal(300, 0.7).spec()))
                .isEqualTo(new TokenDistribution.LogNormal(300, 0.7));
    }

    @Test
    void rejectsWhatItCannotRead() {
        assertThatThrownBy(() -> TokenDistribution.parse("normal:5")).hasMessageContaining("'normal:5' is not one of");
        assertThatThrownBy(() -> TokenDistribution.parse("0")).hasMessageContaining("fixed token count 0");
        assertThatThrownBy(() -> TokenDistribution.parse("uniform:9:2")).hasMessageContaining("uniform maximum 2 is below the minimum 9");
    }

    @Test
    void logNormalDrawsCentreOnTheMedianAndUniformCoversItsEnds() {
        SplitMix64 random = new SplitMix64(1);
        int[] draws = new int[20_001];
        TokenDistribution logNormal = new TokenDistribution.LogNormal(1000, 1.0);
        for (int i = 0; i < draws.length; i++) {
            draws[i] = logNormal.sample(random);
        }
        Arrays.sort(draws);
        assertThat(draws[draws.length / 2]).isBetween(950, 1050);
        assertThat(draws[0]).isGreaterThanOrEqualTo(1);

        TokenDistribution uniform = new TokenDistribution.Uniform(3, 5);
        int[] seen = new int[6];
        for (int i = 0; i < 3000; i++) {
            seen[uniform.sample(random)]++;
        }
        assertThat(seen[3]).isBetween(900, 1100);
        assertThat(seen[5]).isBetween(900, 1100);
    }
}
