package io.moereplay.jobs.generate;

import io.moereplay.model.trace.Request;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The production day's requests against the fit they are drawn from: rate, burstiness and lengths,
 * each measured here from the drawn requests.
 */
class ProductionDayRequestsTest {

    /** 20 requests a second for an hour: 72,000 expected. */
    private static final ProductionDaySpec HOUR = new ProductionDaySpec(20, 1, "DeepSeek-V3",
            List.of("unused.json"), "none", 8192, 100_000, 1000, 7);
    private static final List<Request> REQUESTS = ProductionDay.requests(HOUR);

    @Test
    void arrivalsHoldTheRateOverTheHourInIdOrder() {
        // Rate factors are scaled to mean 1, so only Poisson noise is left: sd 1/sqrt(72,000) = 0.37%.
        assertThat((double) REQUESTS.size()).isCloseTo(72_000, within(72_000 * 0.012));
        for (int i = 1; i < REQUESTS.size(); i++) {
            assertThat(REQUESTS.get(i).arrivalMicros()).isGreaterThanOrEqualTo(REQUESTS.get(i - 1).arrivalMicros());
            assertThat(REQUESTS.get(i).id()).isEqualTo(i);
        }
        assertThat(REQUESTS.get(REQUESTS.size() - 1).arrivalMicros()).isLessThan(3_600_000_000L);
    }

    @Test
    void arrivalsAreBurstyLikeTheAzureTraceNotPoisson() {
        // Counts per 10 s: Poisson alone gives variance = mean (200); the Azure conversation trace's
        // excess coefficient of variation is 0.23 and its lag-1 autocorrelation 0.69 at its rate.
        long[] counts = new long[360];
        for (Request request : REQUESTS) {
            counts[(int) (request.arrivalMicros() / 10_000_000L)]++;
        }
        double mean = Arrays.stream(counts).average().orElseThrow();
        double variance = Arrays.stream(counts).mapToDouble(c -> (c - mean) * (c - mean)).sum() / counts.length;
        double excessCv = Math.sqrt(Math.max(0, variance - mean)) / mean;
        double lag1 = 0;
        for (int i = 1; i < counts.length; i++) {
            lag1 += (counts[i] - mean) * (counts[i - 1] - mean);
        }
        lag1 /= variance * counts.length;
        assertThat(excessCv).isBetween(0.15, 0.30);
        // At 200 a window the Poisson share of the variance is smaller than the trace's: rho x 1936/2136 = 0.87.
        assertThat(lag1).isBetween(0.75, 0.95);
    }

    @Test
    void lengthsFollowTheLognormalsFittedToTheAzureConversationTrace() {
        double[] logPrompt = REQUESTS.stream().mapToDouble(r -> Math.log(r.inputTokens())).toArray();
        double[] logOutput = REQUESTS.stream().mapToDouble(r -> Math.log(r.outputTokens())).toArray();
        assertThat(Math.exp(mean(logPrompt))).isCloseTo(760, within(760 * 0.02));
        assertThat(sd(logPrompt)).isCloseTo(0.985, within(0.02));
        // The output's clip at 1,000 tokens (2.2 sd above the median) trims the upper tail a little.
        assertThat(Math.exp(mean(logOutput))).isCloseTo(151, within(151 * 0.02));
        assertThat(sd(logOutput)).isCloseTo(0.859, within(0.03));
        assertThat(REQUESTS).allSatisfy(r -> {
            assertThat(r.inputTokens()).isBetween(2, 14_050);
            assertThat(r.outputTokens()).isBetween(7, 1_000);
        });
    }

    @Test
    void theSameSeedDrawsTheSameDay() {
        assertThat(ProductionDay.requests(HOUR)).isEqualTo(REQUESTS);
    }

    private static double mean(double[] values) {
        return Arrays.stream(values).average().orElseThrow();
    }

    private static double sd(double[] values) {
        double mean = mean(values);
        return Math.sqrt(Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / values.length);
    }
}
