package io.moereplay.model.perf.findep;

/**
 * How long each task of one fine-grained schedule takes. Attention and shared-expert tasks cover
 * one micro-batch; transfer and expert tasks cover one of its segments.
 *
 * @param attentionMs one micro-batch's attention on the attention group [t_a]
 * @param sharedMs one micro-batch's shared experts on the attention group [t_s]; 0 when the model
 *                 has none, and then the schedule has no shared tasks
 * @param transferMs one segment's A2E transfer, and equally its E2A transfer [t_a2e = t_e2a]
 * @param expertMs one segment's routed experts on the expert group [t_e]
 */
public record TaskTimes(double attentionMs, double sharedMs, double transferMs, double expertMs) {

    public TaskTimes {
        Checks.nonNegative("attentionMs", attentionMs);
        Checks.nonNegative("sharedMs", sharedMs);
        Checks.nonNegative("transferMs", transferMs);
        Checks.nonNegative("expertMs", expertMs);
    }

    boolean hasShared() {
        return sharedMs > 0;
    }
}
