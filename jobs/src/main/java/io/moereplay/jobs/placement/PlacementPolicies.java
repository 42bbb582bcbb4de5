package io.moereplay.jobs.placement;

import io.moereplay.model.text.ClosestName;
import io.moereplay.model.placement.DispatchRule;
import io.moereplay.model.placement.EplbPlacement;
import io.moereplay.model.placement.GreedyMinMax;
import io.moereplay.model.placement.IncrementalRebalance;
import io.moereplay.model.placement.NoReplication;
import io.moereplay.model.placement.PlacementPolicy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Policies and the incremental policy's move budget from the command line. */
public final class PlacementPolicies {

    private static final long GIB = 1L << 30;
    private static final long MIB = 1L << 20;

    private PlacementPolicies() {}

    /**
     * @param names none, greedy, eplb, incremental
     * @param groups EPLB's expert groups
     * @param maxMoves the incremental policy's budget in expert copies
     * @param dispatch how the engine divides an expert's tokens among its replicas
     */
    public static List<PlacementPolicy> parse(List<String> names, int groups, int maxMoves, DispatchRule dispatch) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("no placement policy given (--policies)");
        }
        List<PlacementPolicy> out = new ArrayList<>();
        for (String name : names) {
            PlacementPolicy policy = switch (name.trim().toLowerCase(Locale.ROOT)) {
                case "none" -> new NoReplication();
                case "greedy" -> new GreedyMinMax(dispatch);
                case "eplb" -> new EplbPlacement(groups);
                case "incremental" -> new IncrementalRebalance(maxMoves, dispatch);
                default -> throw new IllegalArgumentException("--policies: unknown policy '" + name
                        + "'; policies: " + PlacementConfig.ALL_POLICIES + ClosestName.hint(name, PlacementConfig.ALL_POLICIES));
            };
            if (out.stream().anyMatch(p -> p.name().equals(policy.name()))) {
                throw new IllegalArgumentException("--policies: '" + name + "' given twice");
            }
            out.add(policy);
        }
        return out;
    }

    /**
     * The move budget in expert copies: {@code 13} copies, {@code 10%} of the experts (rounded
     * down, but at least one copy for a positive percentage: 10% of Mixtral's 8 experts would
     * otherwise leave the incremental policy nothing to do), or bytes ({@code 2GiB}, {@code 512MiB}, {@code 1GB}, {@code 300MB}) over one expert's
     * weights, rounded down.
     */
    public static int moves(String budget, int experts, long expertBytes) {
        String text = budget.trim().toUpperCase(Locale.ROOT);
        try {
            if (text.endsWith("%")) {
                double percent = Double.parseDouble(text.substring(0, text.length() - 1));
                if (percent < 0) {
                    throw new NumberFormatException();
                }
                int moves = (int) Math.floor(percent / 100 * experts);
                return percent > 0 ? Math.max(1, moves) : 0;
            }
            long unit = text.endsWith("GIB") ? GIB : text.endsWith("MIB") ? MIB
                    : text.endsWith("GB") ? 1_000_000_000L : text.endsWith("MB") ? 1_000_000L : 0;
            if (unit > 0) {
                String number = text.substring(0, text.length() - (text.endsWith("IB") ? 3 : 2));
                return (int) Math.floor(Double.parseDouble(number) * unit / expertBytes);
            }
            int moves = Integer.parseInt(text);
            if (moves < 0) {
                throw new NumberFormatException();
            }
            return moves;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--move-budget '" + budget + "' is not a count (13), a percentage of"
                    + " the experts (10%) or bytes (2GiB, 512MiB, 1GB, 300MB)", e);
        }
    }
}
