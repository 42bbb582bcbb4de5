package io.moereplay.connectors.io.json;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** The known key a misspelt one most likely meant, by edit distance. */
final class KeySuggestion {

    private KeySuggestion() {}

    /**
     * The known key spelt the same but for case, {@code _} and {@code -} ({@code redundantSlots} for
     * {@code redundant_slots}), else the one fewest edits away, when that is close enough to be a slip:
     * at most a third of the key's length (at least 1, at most 3) edits; else the first known key
     * that begins with it, when it has 4 characters or more ({@code slo_tbt} for {@code slo_tbt_ms}: a
     * unit left off). Empty when none is.
     */
    static Optional<String> closest(String unknown, Collection<String> known) {
        String plain = plain(unknown);
        for (String key : known) {
            if (plain(key).equals(plain)) {
                return Optional.of(key);
            }
        }
        int allowed = Math.min(3, Math.max(1, unknown.length() / 3));
        String best = null;
        int bestDistance = allowed + 1;
        for (String key : known) {
            int distance = distance(unknown.toLowerCase(Locale.ROOT), key.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                best = key;
                bestDistance = distance;
            }
        }
        if (best == null && unknown.length() >= 4) {
            return known.stream().filter(key -> plain(key).startsWith(plain)).findFirst();
        }
        return Optional.ofNullable(best);
    }

    private static String plain(String key) {
        return key.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
    }

    /** Levenshtein distance: insertions, deletions and substitutions, one row at a time. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
