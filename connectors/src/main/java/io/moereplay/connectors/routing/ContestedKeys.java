package io.moereplay.connectors.routing;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The keys of one input file that some other file of the same input may also hold: request ids
 * for decision traces, counted intervals (window starts) for count tables. Only rows under these
 * keys need checking across files; a file whose keys no other file's range reaches has none.
 * Immutable: inclusive ranges, sorted and disjoint.
 */
public final class ContestedKeys implements Serializable {

    private static final long serialVersionUID = 1L;

    /** No key is contested: the file is checked on its own, as before. */
    public static final ContestedKeys NONE = new ContestedKeys(new long[0], new long[0]);
    /** Every key is contested: another file's range is unknown or covers this one. */
    public static final ContestedKeys ALL = new ContestedKeys(new long[] {Long.MIN_VALUE}, new long[] {Long.MAX_VALUE});

    private final long[] from;
    private final long[] to;

    private ContestedKeys(long[] from, long[] to) {
        this.from = from;
        this.to = to;
    }

    /** The union of inclusive ranges {@code [from[i], to[i]]}, in any order, overlapping or not. */
    public static ContestedKeys union(List<long[]> ranges) {
        List<long[]> sorted = new ArrayList<>(ranges);
        sorted.sort((a, b) -> Long.compare(a[0], b[0]));
        List<long[]> merged = new ArrayList<>();
        for (long[] range : sorted) {
            long[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && (range[0] <= last[1] || last[1] != Long.MAX_VALUE && range[0] == last[1] + 1)) {
                last[1] = Math.max(last[1], range[1]);
            } else {
                merged.add(new long[] {range[0], range[1]});
            }
        }
        return new ContestedKeys(merged.stream().mapToLong(r -> r[0]).toArray(),
                merged.stream().mapToLong(r -> r[1]).toArray());
    }

    public boolean isEmpty() {
        return from.length == 0;
    }

    /** Whether rows under {@code key} must be checked against the other files. */
    public boolean contains(long key) {
        int at = Arrays.binarySearch(from, key);
        int range = at >= 0 ? at : -at - 2;
        return range >= 0 && key <= to[range];
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < from.length; i++) {
            out.append(i == 0 ? "" : ", ").append(from[i]).append("..").append(to[i]);
        }
        return out.append(']').toString();
    }
}
