package io.moereplay.model.routing;

import io.moereplay.model.synthetic.AliasTable;
import io.moereplay.model.synthetic.SplitMix64;

import java.util.Arrays;

/**
 * One layer's expert token counts for a step of B tokens, drawn at once rather than token by token:
 * the B k choices of the step are a multinomial over the experts' shares, sampled as a chain of
 * binomials, count_e ~ Binomial(n_e, share_e / sum_{j >= e} share_j) with n_e the choices left.
 * Experts are visited hot-first, so n reaches 0 early and the cold tail costs nothing.
 *
 * <p>A token visits an expert at most once, so no count may pass B. Counts above B are cut to B
 * and the choices cut off are drawn again, by the same chain over the experts that still have
 * room, until none is over; the total stays exactly B k.
 *
 * <p>When B k is under {@value #ALIAS_CHOICES_PER_EXPERT} choices per expert, drawing the choices
 * one by one from an alias table is cheaper than a binomial per expert, and gives the same
 * distribution: a choice that lands on a full expert is drawn again until it lands on one with
 * room. Both ways are the same process, an endless stream of independent choices of which those
 * landing on full experts are skipped until B k are kept: the chain draws the stream's first B k
 * choices at once, then the replacements of those skipped, and so on. The redraws end, as every
 * full expert has a share of at most 1/k and fewer than k are full, so a choice finds room with
 * probability at least 1/k. Either way a step costs O(experts), not O(tokens).
 *
 * <p>The marginal is therefore a multinomial over the B k choices cut at B, not k choices per
 * token without replacement (Plackett–Luce, or a sampling design with inclusion probabilities
 * pi_e = k share_e). Before the cut each expert's expected count is B pi_e, as token-by-token
 * sampling gives once shares are capped at 1/k ({@link Shares#capForTopK}). The cut binds only when
 * a count passes B: often at B = 1 with a large k, rarely once B is in the tens unless pi_e is near
 * 1; it then moves a little load from the hottest experts to the others: an expert at pi_e = 1
 * keeps B - sqrt(B (1 - 1/k) / (2 pi)) of its B tokens on average (0.28 sqrt(B) short at k = 2).
 * Which k experts each token visits is not modelled, only the step's counts.
 *
 * <p>Mutable, one per layer router; allocates nothing once built.
 */
final class CappedMultinomial {

    /**
     * Below this many choices per expert, drawing them one by one (~4 ns each) is cheaper than a
     * binomial per expert (~60 ns each in the chain); measured by SyntheticRoutingBench.
     */
    static final int ALIAS_CHOICES_PER_EXPERT = 12;

    private final int[] expertOfRank;
    private final int[] rankOfSlot;
    private final int[] expertOfSlot;
    private final double[] shareOfSlot;
    private final double[] conditionalOfSlot;
    private final double[] shareOfExpert;
    private final AliasTable expertTable;
    private int positiveSlots;

    /**
     * @param expertOfRank the expert holding each popularity rank
     * @param shareOfRank the share of each rank, capped at 1/k, at least k of them positive
     */
    CappedMultinomial(int[] expertOfRank, double[] shareOfRank) {
        this.expertOfRank = expertOfRank.clone();
        int experts = expertOfRank.length;
        this.rankOfSlot = new int[experts];
        Arrays.setAll(rankOfSlot, rank -> rank);
        this.expertOfSlot = new int[experts];
        this.shareOfSlot = new double[experts];
        this.conditionalOfSlot = new double[experts];
        this.shareOfExpert = new double[experts];
        this.expertTable = new AliasTable(shareOfExpert(shareOfRank));
        chain(shareOfRank);
    }

    /** New shares by rank (after drift), same conditions as the constructor's. */
    void setShares(double[] shareOfRank) {
        chain(shareOfRank);
        expertTable.set(shareOfExpert(shareOfRank));
    }

    /** The slots' order and conditional probabilities for the chain of binomials. */
    private void chain(double[] shareOfRank) {
        sortHotFirst(shareOfRank);
        int experts = rankOfSlot.length;
        double tail = 0;
        positiveSlots = 0;
        for (int slot = experts - 1; slot >= 0; slot--) {
            double share = shareOfRank[rankOfSlot[slot]];
            expertOfSlot[slot] = expertOfRank[rankOfSlot[slot]];
            shareOfSlot[slot] = share;
            tail += share;
            conditionalOfSlot[slot] = share > 0 ? share / tail : 0;
            positiveSlots += share > 0 ? 1 : 0;
        }
        // The last expert with a share takes every choice left, whatever the rounding of the tail.
        conditionalOfSlot[positiveSlots - 1] = 1;
    }

    private double[] shareOfExpert(double[] shareOfRank) {
        for (int rank = 0; rank < shareOfRank.length; rank++) {
            shareOfExpert[expertOfRank[rank]] = shareOfRank[rank];
        }
        return shareOfExpert;
    }

    /**
     * Writes into {@code counts[0..experts)} the step's count of tokens per expert: each in
     * [0, tokens], summing to {@code tokens * topK}.
     */
    void draw(SplitMix64 random, int tokens, int topK, int[] counts) {
        int experts = rankOfSlot.length;
        Arrays.fill(counts, 0, experts, 0);
        int choices = Math.multiplyExact(tokens, topK);
        if (choices < ALIAS_CHOICES_PER_EXPERT * experts) {
            drawOneByOne(random, choices, tokens, counts);
        } else {
            drawByBinomials(random, choices, tokens, counts);
        }
    }

    /** The choices one by one, each skipping full experts; {@code counts} start at 0. */
    void drawOneByOne(SplitMix64 random, int choices, int tokens, int[] counts) {
        // One call site, which the JIT inlines (a second one for redraws would stay a call).
        for (int kept = 0; kept < choices; ) {
            int expert = expertTable.draw(random);
            if (counts[expert] < tokens) {
                counts[expert]++;
                kept++;
            }
        }
    }

    /** The chain of binomials, then redraws of what the cut at B took; {@code counts} start at 0. */
    void drawByBinomials(SplitMix64 random, int choices, int tokens, int[] counts) {
        int left = choices;
        int excess = 0;
        for (int slot = 0; left > 0; slot++) {
            int count = Binomial.draw(random, left, conditionalOfSlot[slot]);
            left -= count;
            if (count > tokens) {
                excess += count - tokens;
                count = tokens;
            }
            counts[expertOfSlot[slot]] = count;
        }
        while (excess > 0) {
            excess = redraw(random, excess, tokens, counts);
        }
    }

    /**
     * Spreads {@code choices} over the experts below {@code tokens} by the chain of binomials
     * restricted to them; returns the choices that overflowed again. There is always room: at least
     * k experts have a share, so together they hold at least {@code tokens * topK} choices.
     */
    private int redraw(SplitMix64 random, int choices, int tokens, int[] counts) {
        double open = 0;
        int lastOpen = -1;
        for (int slot = 0; slot < positiveSlots; slot++) {
            if (counts[expertOfSlot[slot]] < tokens) {
                open += shareOfSlot[slot];
                lastOpen = slot;
            }
        }
        int left = choices;
        int excess = 0;
        for (int slot = 0; left > 0; slot++) {
            int expert = expertOfSlot[slot];
            int room = tokens - counts[expert];
            if (room == 0) {
                continue;
            }
            double conditional = slot == lastOpen ? 1 : shareOfSlot[slot] / open;
            open -= shareOfSlot[slot];
            int count = Binomial.draw(random, left, conditional);
            left -= count;
            if (count > room) {
                excess += count - room;
                count = room;
            }
            counts[expert] += count;
        }
        return excess;
    }

    /**
     * Orders slots by share, largest first (ties by rank): insertion sort from the previous order,
     * which drift changes little, so it is near linear and allocates nothing.
     */
    private void sortHotFirst(double[] shareOfRank) {
        for (int i = 1; i < rankOfSlot.length; i++) {
            int rank = rankOfSlot[i];
            int j = i - 1;
            while (j >= 0 && hotter(rank, rankOfSlot[j], shareOfRank)) {
                rankOfSlot[j + 1] = rankOfSlot[j];
                j--;
            }
            rankOfSlot[j + 1] = rank;
        }
    }

    private static boolean hotter(int rank, int other, double[] shareOfRank) {
        return shareOfRank[rank] > shareOfRank[other]
                || (shareOfRank[rank] == shareOfRank[other] && rank < other);
    }
}
