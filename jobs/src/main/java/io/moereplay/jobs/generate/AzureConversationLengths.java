package io.moereplay.jobs.generate;

import io.moereplay.model.synthetic.SplitMix64;

/**
 * Prompt and output lengths drawn from lognormals fitted to the Azure LLM 2023 conversation trace
 * (19,366 requests) by the mean and standard deviation of the log lengths, each clipped to the
 * trace's range and drawn independently (the trace's log lengths correlate at 0.09):
 * <pre>
 * prompt  median 760 tokens (exp of mean log), sigma 0.985, range 2..14,050   (trace: median 1,020, mean 1,155)
 * output  median 151 tokens,                   sigma 0.859, range 7..1,000    (trace: median 129, mean 211)
 * </pre>
 * The lognormal's mean output (about 218 tokens, 213 after clipping) is what a schedule's decode
 * load follows: about {@code rate x 212} decode tokens a second.
 */
final class AzureConversationLengths {

    static final double PROMPT_MEDIAN = 760;
    static final double PROMPT_SIGMA = 0.985;
    static final int PROMPT_MIN = 2;
    static final int PROMPT_MAX = 14_050;
    static final double OUTPUT_MEDIAN = 151;
    static final double OUTPUT_SIGMA = 0.859;
    static final int OUTPUT_MIN = 7;
    static final int OUTPUT_MAX = 1_000;

    private AzureConversationLengths() {}

    static int prompt(SplitMix64 random) {
        return draw(random, PROMPT_MEDIAN, PROMPT_SIGMA, PROMPT_MIN, PROMPT_MAX);
    }

    static int output(SplitMix64 random) {
        return draw(random, OUTPUT_MEDIAN, OUTPUT_SIGMA, OUTPUT_MIN, OUTPUT_MAX);
    }

    private static int draw(SplitMix64 random, double median, double sigma, int min, int max) {
        long tokens = Math.round(median * Math.exp(sigma * random.nextGaussian()));
        return (int) Math.max(min, Math.min(max, tokens));
    }
}
