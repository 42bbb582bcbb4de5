package io.moereplay.model.trace;

/**
 * The structural checks every routing decision must pass, shared by {@link RoutingRecord}'s
 * constructor and by readers that stream decisions without building records.
 *
 * <p>Each check returns {@code null} when the input is valid, else a message naming the value.
 */
public final class RoutingChecks {

    private RoutingChecks() {}

    /**
     * Checks ids and the chosen experts; {@code experts[0..k)} are the choices.
     *
     * @return null when valid, else the reason
     */
    public static String problem(long requestId, int tokenIndex, int layer, int[] experts, int k) {
        if (requestId < 0) {
            return "request id " + requestId + " is negative";
        }
        if (tokenIndex < 0) {
            return "token index " + tokenIndex + " is negative";
        }
        if (layer < 0) {
            return "layer " + layer + " is negative";
        }
        if (k == 0) {
            return "no experts chosen";
        }
        for (int i = 0; i < k; i++) {
            if (experts[i] < 0) {
                return "expert id " + experts[i] + " is negative";
            }
            for (int j = 0; j < i; j++) {
                if (experts[j] == experts[i]) {
                    return "expert " + experts[i] + " chosen twice";
                }
            }
        }
        return null;
    }

    /**
     * Checks gate weights: empty, or one finite non-negative weight per chosen expert.
     *
     * @return null when valid, else the reason
     */
    public static String gateWeightProblem(float[] gateWeights, int k) {
        if (gateWeights.length == 0) {
            return null;
        }
        if (gateWeights.length != k) {
            return gateWeights.length + " gate weights for " + k + " experts";
        }
        for (float weight : gateWeights) {
            if (!Float.isFinite(weight) || weight < 0) {
                return "gate weight " + weight + " is not a finite non-negative number";
            }
        }
        return null;
    }
}
