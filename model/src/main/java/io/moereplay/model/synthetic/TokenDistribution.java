package io.moereplay.model.synthetic;

import java.util.Locale;

/**
 * How many tokens a synthetic request has (prompt or generated), drawn per request. Draws are
 * whole tokens in [1, {@value #MAX_TOKENS}].
 *
 * <p>Written on the command line as {@code 128} or {@code fixed:128}, {@code lognormal:1024} or
 * {@code lognormal:1024:1.0} (median, then sigma of the underlying normal; default 1.0), or
 * {@code uniform:16:512} (both ends included).
 */
public sealed interface TokenDistribution {

    /** Largest count drawn: keeps a request's token positions well inside an int. */
    int MAX_TOKENS = 1_000_000;

    /** One draw. */
    int sample(SplitMix64 random);

    /** The distribution as {@link #parse} reads it. */
    String spec();

    /** Every request has {@code tokens} tokens. */
    record Fixed(int tokens) implements TokenDistribution {
        public Fixed {
            requireTokens(tokens, "fixed token count");
        }

        @Override
        public int sample(SplitMix64 random) {
            return tokens;
        }

        @Override
        public String spec() {
            return "fixed:" + tokens;
        }
    }

    /**
     * Log-normal: {@code round(median * exp(sigma * Z))}, Z standard normal, clamped to
     * [1, {@value #MAX_TOKENS}]. Request length traces (Azure, Mooncake) are roughly log-normal.
     */
    record LogNormal(double median, double sigma) implements TokenDistribution {
        public LogNormal {
            if (!(median >= 1 && median <= MAX_TOKENS)) {
                throw new IllegalArgumentException(
                        "log-normal median " + median + " is not in [1, " + MAX_TOKENS + "]");
            }
            if (!(sigma >= 0 && sigma <= 4)) {
                throw new IllegalArgumentException("log-normal sigma " + sigma + " is not in [0, 4]");
            }
        }

        @Override
        public int sample(SplitMix64 random) {
            double tokens = median * StrictMath.exp(sigma * random.nextGaussian());
            return (int) Math.max(1, Math.min(MAX_TOKENS, Math.round(tokens)));
        }

        @Override
        public String spec() {
            return "lognormal:" + median + ":" + sigma;
        }
    }

    /** Uniform over [min, max], both included. */
    record Uniform(int min, int max) implements TokenDistribution {
        public Uniform {
            requireTokens(min, "uniform minimum");
            requireTokens(max, "uniform maximum");
            if (max < min) {
                throw new IllegalArgumentException("uniform maximum " + max + " is below the minimum " + min);
            }
        }

        @Override
        public int sample(SplitMix64 random) {
            return min + random.nextInt(max - min + 1);
        }

        @Override
        public String spec() {
            return "uniform:" + min + ":" + max;
        }
    }

    /**
     * Parses {@code N}, {@code fixed:N}, {@code lognormal:MEDIAN[:SIGMA]} or {@code uniform:MIN:MAX}.
     *
     * @throws IllegalArgumentException naming the text and the accepted forms
     */
    static TokenDistribution parse(String text) {
        String[] parts = text.trim().toLowerCase(Locale.ROOT).split(":");
        try {
            switch (parts[0]) {
                case "fixed":
                    if (parts.length == 2) {
                        return new Fixed(Integer.parseInt(parts[1]));
                    }
                    break;
                case "lognormal":
                    if (parts.length == 2 || parts.length == 3) {
                        return new LogNormal(Double.parseDouble(parts[1]),
                                parts.length == 3 ? Double.parseDouble(parts[2]) : 1.0);
                    }
                    break;
                case "uniform":
                    if (parts.length == 3) {
                        return new Uniform(Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
                    }
                    break;
                default:
                    if (parts.length == 1) {
                        return new Fixed(Integer.parseInt(parts[0]));
                    }
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("token distribution '" + text + "' is not one of N, fixed:N,"
                + " lognormal:MEDIAN[:SIGMA], uniform:MIN:MAX");
    }

    private static void requireTokens(int tokens, String what) {
        if (tokens < 1 || tokens > MAX_TOKENS) {
            throw new IllegalArgumentException(what + " " + tokens + " is not in [1, " + MAX_TOKENS + "]");
        }
    }
}
