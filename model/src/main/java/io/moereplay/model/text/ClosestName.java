package io.moereplay.model.text;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The valid name a mistyped one was most likely meant to be, for "did you mean" hints: the one
 * name it begins, else the name at the least edit distance (Levenshtein, ignoring case, '_' taken as '-'), when that distance
 * is small next to the name's length, so that an unrelated word suggests nothing.
 */
public final class ClosestName {

    private ClosestName() {}

    /** The closest of {@code names} to {@code wanted}; empty when none is close enough. */
    public static Optional<String> of(String wanted, Collection<String> names) {
        if (wanted == null || wanted.isBlank()) {
            return Optional.empty();
        }
        String key = normal(wanted);
        // A name cut short ("azure" for azure-csv) is meant when it starts only one name.
        List<String> started = names.stream().filter(name -> normal(name).startsWith(key)).toList();
        if (key.length() >= 3 && started.size() == 1) {
            return Optional.of(started.get(0));
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String name : names) {
            int distance = distance(key, normal(name));
            if (distance < bestDistance) {
                best = name;
                bestDistance = distance;
            }
        }
        // A third of the name's length, at least 2: "H100-SMX" finds H100-SXM, "zzz" finds nothing.
        return bestDistance <= Math.max(2, key.length() / 3) ? Optional.ofNullable(best) : Optional.empty();
    }

    /** {@code "; did you mean X?"} when a name is close, else the empty string: a tail for a message. */
    public static String hint(String wanted, Collection<String> names) {
        return of(wanted, names).map(name -> "; did you mean " + name + "?").orElse("");
    }

    private static String normal(String name) {
        return name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Levenshtein distance, one row at a time. */
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
